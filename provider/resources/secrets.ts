// The properties a resource keeps in state only as secrets: the dynamic resources declare them as additional secret
// outputs, the provider plugin returns them as secrets, and the schema marks them.

/** A Clerk membership's and a Clerk roster's secret property: the private metadata. */
export const CLERK_SECRET_PROPERTIES = ["privateMetadata"] as const;
