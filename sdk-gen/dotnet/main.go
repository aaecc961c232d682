// sdk-gen-dotnet writes the package's .NET SDK from its schema with Pulumi's C# code generator: `sdk-gen-dotnet SCHEMA
// OUT` writes OUT/dotnet, emptied first. It is a module of its own because pkg/v3 dropped codegen/dotnet after
// v3.225.1 (the generator moved to the .NET language host), while sdk-gen, for the other languages, follows the CLI.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	dotnetgen "github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"

	"github.com/blang/semver"
)

const tool = "pulumi-org-roster sdk-gen"

// logo is the NuGet package's icon (logo.png). The C# generator downloads the schema's logoUrl, or Pulumi's logo when
// it has none, with http.Get; every request is answered with this file instead, so generation needs no network and
// writes the same bytes each run.
//
//go:embed logo.png
var logo []byte

// offlineLogo is the HTTP transport that answers every request with logo.
type offlineLogo struct{}

func (offlineLogo) RoundTrip(request *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": []string{"image/png"}},
		Body:       io.NopCloser(bytes.NewReader(logo)),
		Request:    request,
	}, nil
}

// noPackages is the loader of a schema that references no other package: any reference is an error.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema references package %q; it may reference none", name)
}

func (l noPackages) LoadPackageV2(_ context.Context, descriptor *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(descriptor.Name, nil)
}

func run(schemaPath, out string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
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
	http.DefaultClient.Transport = offlineLogo{}
	files, err := dotnetgen.GeneratePackage(tool, pkg, nil, nil)
	if err != nil {
		return fmt.Errorf("dotnet: %w", err)
	}
	dir := filepath.Join(out, "dotnet")
	if err := os.RemoveAll(dir); err != nil {
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
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdk-gen-dotnet SCHEMA OUT")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "sdk-gen-dotnet:", err)
		os.Exit(1)
	}
}
