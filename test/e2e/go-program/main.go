// A Go program using the generated Go SDK (sdk/go), run by Pulumi's Automation API with an inline program (no Go
// language host): it declares a Clerk membership, a WorkOS membership and a Clerk roster, then runs `up`, changes a
// role out of band, shows the drift (a refreshing preview that expects no changes fails), converges with
// `up --refresh`, checks there is nothing left to change and destroys. One line per step on stdout.
//
// Environment: CLERK_API_URL, WORKOS_API_URL (the emulator's), CLERK_KEY, WORKOS_KEY, PULUMI_BACKEND_URL,
// PULUMI_CONFIG_PASSPHRASE, PLUGIN_DIR (the directory of pulumi-resource-org-roster); the pulumi CLI on PATH.
package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"pulumi-org-roster/sdk/go/orgroster/clerk"
	"pulumi-org-roster/sdk/go/orgroster/workos"
)

const (
	clerkOrg  = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y"
	jane      = "user_2e71lHFE8l6hlvY5bR215DEWc1Z" // org:admin, the organization's only admin
	john      = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6" // org:member
	carl      = "user_2Cj42gEnI5sEt6OHTerNANMDgHi" // not a member yet
	workosOrg = "org_01JGD0680005FATZYDS3AR0RGX"
	marco     = "user_01JGFJK1XRYFYTC66VPVTX363S" // not a member yet
)

func program(ctx *pulumi.Context) error {
	member, err := clerk.NewOrganizationMembership(ctx, "carl", &clerk.OrganizationMembershipArgs{
		OrganizationId: pulumi.String(clerkOrg),
		UserId:         pulumi.String(carl),
		Role:           pulumi.String("org:member"),
	})
	if err != nil {
		return err
	}
	workosMember, err := workos.NewOrganizationMembership(ctx, "marco", &workos.OrganizationMembershipArgs{
		OrganizationId: pulumi.String(workosOrg),
		UserId:         pulumi.String(marco),
		RoleSlug:       pulumi.String("member"),
	})
	if err != nil {
		return err
	}
	_, err = clerk.NewOrganizationRoster(ctx, "acme", &clerk.OrganizationRosterArgs{
		OrganizationId:   pulumi.String(clerkOrg),
		UnmanagedMembers: pulumi.String("ignore"),
		Members:          pulumi.Map{jane: pulumi.String("org:admin"), john: pulumi.String("org:member")},
	})
	if err != nil {
		return err
	}
	ctx.Export("carlRole", member.Role)
	ctx.Export("marcoStatus", workosMember.Status)
	return nil
}

func must(step string, err error) {
	if err != nil {
		fmt.Printf("%s: failed: %v\n", step, err)
		os.Exit(1)
	}
}

// setClerkRole changes a member's role behind Pulumi's back, through the Clerk API.
func setClerkRole(user, role string) error {
	body := bytes.NewBufferString(fmt.Sprintf(`{"role":%q}`, role))
	req, err := http.NewRequest(http.MethodPatch, fmt.Sprintf("%s/organizations/%s/memberships/%s", os.Getenv("CLERK_API_URL"), clerkOrg, user), body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("CLERK_KEY"))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("PATCH membership: HTTP %d", res.StatusCode)
	}
	return nil
}

func main() {
	ctx := context.Background()
	project := workspace.Project{
		Name:    "go-program",
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		Plugins: &workspace.Plugins{Providers: []workspace.PluginOptions{{Name: "org-roster", Path: os.Getenv("PLUGIN_DIR")}}},
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "dev", "go-program", program, auto.Project(project))
	must("stack", err)
	must("config", stack.SetAllConfig(ctx, auto.ConfigMap{
		"org-roster:clerkApiUrl":    {Value: os.Getenv("CLERK_API_URL")},
		"org-roster:workosApiUrl":   {Value: os.Getenv("WORKOS_API_URL")},
		"org-roster:clerkSecretKey": {Value: os.Getenv("CLERK_KEY"), Secret: true},
		"org-roster:workosApiKey":   {Value: os.Getenv("WORKOS_KEY"), Secret: true},
	}))

	up, err := stack.Up(ctx)
	must("up", err)
	fmt.Printf("up: %v carlRole=%v marcoStatus=%v\n", *up.Summary.ResourceChanges, up.Outputs["carlRole"].Value, up.Outputs["marcoStatus"].Value)

	must("drift", setClerkRole(carl, "org:admin"))
	fmt.Println("changed out of band: carl org:admin")

	drift, err := stack.Preview(ctx, optpreview.Refresh())
	must("preview --refresh", err)
	fmt.Printf("preview --refresh: %v\n", drift.ChangeSummary)
	if _, err := stack.Preview(ctx, optpreview.Refresh(), optpreview.ExpectNoChanges()); err == nil {
		fmt.Println("drift check: passed, yet the role was changed")
		os.Exit(1)
	}
	fmt.Println("drift check: failed (changes found)")

	converged, err := stack.Up(ctx, optup.Refresh())
	must("up --refresh", err)
	fmt.Printf("up --refresh: %v carlRole=%v\n", *converged.Summary.ResourceChanges, converged.Outputs["carlRole"].Value)

	_, err = stack.Preview(ctx, optpreview.Refresh(), optpreview.ExpectNoChanges())
	must("check after up --refresh", err)
	fmt.Println("check after up --refresh: no changes")

	destroyed, err := stack.Destroy(ctx, optdestroy.Remove())
	must("destroy", err)
	fmt.Printf("destroy: %v\n", *destroyed.Summary.ResourceChanges)
	// The inline program's workspace: a temporary directory the Automation API leaves behind.
	must("cleanup", os.RemoveAll(stack.Workspace().WorkDir()))
}
