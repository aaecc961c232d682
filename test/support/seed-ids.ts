// The default seed's organizations and people the end-to-end programs declare (emulator/seeds/default.json), and
// the emulator's API keys.

export const CLERK_KEY = "sk_test_emulator_clerk";
export const WORKOS_KEY = "sk_test_emulator_workos";
export const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
export const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
/** Clerk: seeded org:admin, the organization's only admin. */
export const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
/** Clerk: not a member yet. */
export const CARL = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
/** WorkOS: not a member yet. */
export const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";
