// sdk-gen writes the package's SDKs from its schema with Pulumi's code generators (the pkg/v3 module of the CLI
// version the tests use): `sdk-gen SCHEMA OUT [LANGUAGE…]` writes OUT/go, OUT/python and OUT/nodejs (or only the
// languages named), each directory emptied first but for the Go module's own go.mod and go.sum (kept by
// `go mod tidy`, not generated).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pythongen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/blang/semver"
)

const tool = "pulumi-org-roster sdk-gen"

// kept are the files of an SDK directory that are not generated.
var kept = map[string]bool{"go.mod": true, "go.sum": true}

// noPackages is the loader of a schema that references no other package: any reference is an error.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q; it may reference none", name)
}

func (l noPackages) LoadPackageV2(_ context.Context, descriptor *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(descriptor.Name, nil)
}

type generator func(pkg *schema.Package) (map[string][]byte, error)

var generators = map[string]generator{
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, pkg, nil)
	},
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		return pythongen.GeneratePackage(tool, pkg, nil, nil)
	},
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejsgen.GeneratePackage(tool, pkg, nil, nil, false, nil)
	},
}

// empty removes what dir holds but the kept files.
func empty(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, entry := range entries {
		if !kept[entry.Name()] {
			if err := os.RemoveAll(filepath.Join(dir, entry.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}

func run(schemaPath, out string, languages []string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	for _, language := range languages {
		generate, ok := generators[language]
		if !ok {
			return fmt.Errorf("no generator for %q (go, python, nodejs)", language)
		}
		// Bound afresh for each language: the generators record their language's settings on the package.
		var spec schema.PackageSpec
		if err := json.Unmarshal(raw, &spec); err != nil {
			return fmt.Errorf("%s: %w", schemaPath, err)
		}
		pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
		if err != nil {
			return err
		}
		if diags.HasErrors() {
			return diags
		}
		files, err := generate(pkg)
		if err != nil {
			return fmt.Errorf("%s: %w", language, err)
		}
		dir := filepath.Join(out, language)
		if err := empty(dir); err != nil {
			return err
		}
		for name, content := range files {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, content, 0o644); err != nil {
				return err
			}
		}
		fmt.Printf("wrote %d files to %s\n", len(files), dir)
	}
	return nil
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: sdk-gen SCHEMA OUT [go|python|nodejs…]")
		os.Exit(2)
	}
	languages := os.Args[3:]
	if len(languages) == 0 {
		languages = []string{"go", "python", "nodejs"}
	}
	if err := run(os.Args[1], os.Args[2], languages); err != nil {
		fmt.Fprintln(os.Stderr, "sdk-gen:", err)
		os.Exit(1)
	}
}
