// The ids `pulumi import` takes: a membership is named by its organization and user (`org_…/user_…`), a roster by its
// organization (`org_…`). A read without stored properties is an import: these parse the id it was given, refusing
// any other shape with the shape expected. Pure.

import type { DesiredMembership, LiveMembership, MembershipModel } from "./port";

type Props = Record<string, unknown>;

/** Whether a read was given no stored properties (only an id): `pulumi import`, or the `import` resource option. */
export function isImportRead(props: Props | undefined): boolean {
  return props === undefined || (props.organizationId === undefined && props.userId === undefined && props.email === undefined);
}

/** The membership an import id names, as validated inputs with every default applied (what a create would declare). */
export function membershipImportId<D extends DesiredMembership, L extends LiveMembership>(model: MembershipModel<D, L>, id: string): D {
  const parts = id.split("/");
  const shape = `${model.service} memberships are imported by organization and user: \`org_…/user_…\` (e.g. pulumi import org-roster:${model.service.toLowerCase()}:OrganizationMembership jane org_…/user_…)`;
  if (parts.length !== 2) throw new Error(`"${id}" is not a membership import id. ${shape}`);
  const [organizationId, userId] = parts as [string, string];
  const result = model.validate({ organizationId, userId });
  if (!result.ok) throw new Error(`"${id}" is not a membership import id: ${result.problems.map((problem) => problem.reason).join("; ")}. ${shape}`);
  return result.value;
}

/** The organization a roster import id names; `problem` is the model's verdict on an organization id. */
export function rosterImportId(service: string, id: string, problem: (organizationId: string) => string | undefined): string {
  const refused = id.includes("/") ? `it names more than an organization` : problem(id);
  if (refused !== undefined) throw new Error(`"${id}" is not a roster import id (${refused}). ${service} organization rosters are imported by organization: \`org_…\``);
  return id;
}
