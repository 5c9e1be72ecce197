// Command gen-sdk writes the SDKs of a Pulumi package from its schema, as
// `pulumi package gen-sdk` does through the language hosts, but by calling the code generators
// of github.com/pulumi/pulumi/pkg/v3 directly (the Python, Go and .NET language hosts are not
// served here, and the project's Node language host does not implement GeneratePackage).
//
//	gen-sdk -schema schema.json -out sdk-generated nodejs python go dotnet
//
// Each language goes to <out>/<language>/ (emptied first). nodejs, python and go come from
// pkg/codegen at the version in go.mod; pkg/v3 no longer has the C# generator (removed in
// v3.229.0), so dotnet runs the gen-sdk-dotnet program beside this one (tools/gen-sdk/dotnet,
// its own module on pkg/v3 v3.225.1, the last release with pkg/codegen/dotnet).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// The tool names written into the generated files' headers.
const toolPrefix = "pulumi-dataplane-gen-sdk"

// noLoader answers every request for another package with an error: the dataplane schema
// references no other package (pulumi gen-sdk would ask the plugins installed here).
type noLoader struct{}

var errNoLoader = errors.New("gen-sdk loads no other package: the schema must not reference one")

func (noLoader) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoLoader
}
func (noLoader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoLoader
}
func (noLoader) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoLoader
}
func (noLoader) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoLoader
}

func bind(schemaPath string) (*schema.Package, error) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	// Binding validates the spec against the package metaschema, as the language hosts do.
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "gen-sdk: schema: %s\n", d.Error())
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s does not bind (%d errors)", schemaPath, len(diags.Errs()))
	}
	return pkg, nil
}

func generate(language, schemaPath string) (map[string][]byte, error) {
	// Each generator records its language's information in the package: bind afresh per language.
	pkg, err := bind(schemaPath)
	if err != nil {
		return nil, err
	}
	tool := toolPrefix + " (" + language + ")"
	switch language {
	case "nodejs":
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noLoader{})
	case "python":
		return python.GeneratePackage(tool, pkg, nil, noLoader{})
	case "go":
		return gogen.GeneratePackage(tool, pkg, nil)
	default:
		return nil, fmt.Errorf("unknown language %q (nodejs, python, go, dotnet)", language)
	}
}

func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func dotnet(schemaPath, dir string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	helper := filepath.Join(filepath.Dir(self), "gen-sdk-dotnet")
	if _, err := os.Stat(helper); err != nil {
		return fmt.Errorf("the C# generator %s is missing (build tools/gen-sdk/dotnet beside gen-sdk): %w", helper, err)
	}
	cmd := exec.Command(helper, "-schema", schemaPath, "-out", dir)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	out := flag.String("out", "sdk-generated", "the folder that gets one subfolder per language")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: gen-sdk -schema FILE [-out DIR] LANGUAGE... (nodejs python go dotnet)\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *schemaPath == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, language := range flag.Args() {
		dir := filepath.Join(*out, language)
		var err error
		if language == "dotnet" {
			err = dotnet(*schemaPath, dir)
		} else {
			var files map[string][]byte
			if files, err = generate(language, *schemaPath); err == nil {
				err = write(dir, files)
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen-sdk: %s: %v\n", language, err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "gen-sdk: %s SDK written to %s\n", language, dir)
	}
}
