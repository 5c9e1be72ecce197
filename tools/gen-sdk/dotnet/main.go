// Command gen-sdk-dotnet writes the C# SDK of a Pulumi package from its schema. It is gen-sdk's
// dotnet half, a module of its own because the C# generator left github.com/pulumi/pulumi/pkg/v3
// in v3.229.0 (it lives in the pulumi-dotnet language host now, which the Go module proxy does not
// serve here): this module pins v3.225.1, the last release with pkg/codegen/dotnet.
//
//	gen-sdk-dotnet -schema schema.json -out sdk-generated/dotnet
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/dotnet"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// noLoader answers every request for another package with an error: the dataplane schema
// references no other package.
type noLoader struct{}

var errNoLoader = errors.New("gen-sdk-dotnet loads no other package: the schema must not reference one")

func (noLoader) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoLoader
}
func (noLoader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoLoader
}

// offlineLogo answers the one request the C# generator makes, for the NuGet package's logo
// (the schema's logoUrl, else a Pulumi logo on raw.githubusercontent.com), without the network
// (this machine reaches only package registries): a plain 64x64 PNG.
type offlineLogo struct{}

func (offlineLogo) RoundTrip(req *http.Request) (*http.Response, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := 0; x < 64; x++ {
		for y := 0; y < 64; y++ {
			img.Set(x, y, color.RGBA{R: 0x80, G: 0x5a, B: 0xc5, A: 0xff})
		}
	}
	var body strings.Builder
	if err := png.Encode(&body, img); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "gen-sdk-dotnet: logo.png is a placeholder (not downloaded from %s)\n", req.URL)
	return &http.Response{
		StatusCode: http.StatusOK,
		Status:     "200 OK",
		Header:     http.Header{"Content-Type": []string{"image/png"}},
		Body:       io.NopCloser(strings.NewReader(body.String())),
		Request:    req,
	}, nil
}

func run(schemaPath, dir string) error {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return err
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "gen-sdk-dotnet: schema: %s\n", d.Error())
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s does not bind (%d errors)", schemaPath, len(diags.Errs()))
	}
	files, err := dotnet.GeneratePackage("pulumi-dataplane-gen-sdk (dotnet)", pkg, nil, nil)
	if err != nil {
		return err
	}
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
	return nil
}

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	out := flag.String("out", "", "the folder the C# SDK is written to (emptied first)")
	flag.Parse()
	http.DefaultClient.Transport = offlineLogo{}
	if *schemaPath == "" || *out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: gen-sdk-dotnet -schema FILE -out DIR")
		os.Exit(2)
	}
	if err := run(*schemaPath, *out); err != nil {
		fmt.Fprintf(os.Stderr, "gen-sdk-dotnet: %v\n", err)
		os.Exit(1)
	}
}
