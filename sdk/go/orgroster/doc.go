// Clerk and WorkOS organization memberships and rosters, converged by `pulumi up`; drift shown by refresh.
package orgroster
