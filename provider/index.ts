// The public API of pulumi-org-roster: one namespace per service.
export * as clerk from "./resources/clerk";
export * as workos from "./resources/workos";
