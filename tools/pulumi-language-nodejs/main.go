// pulumi-language-nodejs is a minimal Node.js language host for the Pulumi CLI.
//
// The upstream language host module is not available from the Go module proxy, so this
// project builds its own. It only does what `pulumi preview/up/refresh/destroy` of a
// TypeScript program needs: it runs `@pulumi/pulumi/cmd/run` from the program's
// node_modules with the flags and environment the engine hands over.
//
// Usage (started by the engine): pulumi-language-nodejs [--logtostderr] [-v=N] [--tracing URL] ENGINE_ADDRESS
// It serves gRPC on a kernel-chosen loopback port and prints that port on stdout.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

func main() {
	// The engine may pass --logtostderr, -v=N (both already registered by the SDK's glog
	// dependency) and --tracing URL before the engine address; accept and ignore them.
	flag.String("tracing", "", "Zipkin-compatible tracing endpoint (ignored)")
	flag.Parse()

	engineAddress := ""
	if flag.NArg() > 0 {
		engineAddress = flag.Arg(0)
	}

	host := &languageHost{engineAddress: engineAddress}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start gRPC server: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from our first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}
