package main

import (
	"os/exec"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// InstallDependencies runs `npm install` in the program directory and streams its output
// back to the engine (used by `pulumi install` and `pulumi new`).
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory()
	}

	cmd := exec.CommandContext(stream.Context(), "npm", "install", "--no-fund", "--no-audit")
	cmd.Dir = dir
	cmd.Stdout = streamWriter{stream: stream, stderr: false}
	cmd.Stderr = streamWriter{stream: stream, stderr: true}
	return cmd.Run()
}

// streamWriter forwards bytes written to it as InstallDependenciesResponse messages.
type streamWriter struct {
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]
	stderr bool
}

func (w streamWriter) Write(p []byte) (int, error) {
	data := append([]byte(nil), p...)
	msg := &pulumirpc.InstallDependenciesResponse{Stdout: data}
	if w.stderr {
		msg = &pulumirpc.InstallDependenciesResponse{Stderr: data}
	}
	if err := w.stream.Send(msg); err != nil {
		return 0, err
	}
	return len(p), nil
}
