package main

import (
	"context"
	"os/exec"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is reported to the engine; set at build time with -ldflags "-X main.version=...".
var version = "3.248.0"

// languageHost implements the parts of pulumirpc.LanguageRuntimeServer that the engine
// needs for preview/up/refresh/destroy. Everything else answers "unimplemented".
type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	engineAddress string
}

// Handshake is the first call of newer engines; it may carry the engine address.
func (h *languageHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins returns none: plugin downloads are off, and the only provider our
// programs use (pulumi-nodejs, for dynamic resources) is found on PATH.
func (h *languageHost) GetRequiredPlugins(
	ctx context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

// GetRequiredPackages returns none, for the same reason as GetRequiredPlugins.
func (h *languageHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// About reports the node executable and its version (used by `pulumi about`).
func (h *languageHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodePath, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.AboutResponse{}, nil
	}
	out, err := exec.CommandContext(ctx, nodePath, "--version").Output()
	if err != nil {
		return &pulumirpc.AboutResponse{Executable: nodePath}, nil
	}
	return &pulumirpc.AboutResponse{
		Executable: nodePath,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

// GetProgramDependencies returns an empty list; it is only informational (`pulumi about`,
// update metadata), and the engine copes with an empty answer.
func (h *languageHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}
