package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitAfterLoggedError is the exit code @pulumi/pulumi/cmd/run uses when it has already
// shown the error to the user (nodeJSProcessExitedAfterLoggingUserActionableMessage).
const exitAfterLoggedError = 32

// Run executes the program: node <node_modules/@pulumi/pulumi/cmd/run> <flags> <entry point> <args...>.
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	programDir := info.GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	entryPoint := info.GetEntryPoint()
	if entryPoint == "" {
		entryPoint = req.GetProgram()
	}
	if entryPoint == "" {
		entryPoint = "."
	}

	nodePath, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the $PATH: " + err.Error()}, nil
	}
	runPath, err := findRunScript(programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	env, err := programEnv(req)
	if err != nil {
		return nil, err
	}

	args := runtimeNodeArgs(info)
	args = append(args, runPath)
	args = append(args, runFlags(req, h.engineAddress)...)
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	cmd := exec.CommandContext(ctx, nodePath, args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	err = cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == exitAfterLoggedError:
		// The program printed its error already; tell the engine to stop without more output.
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() >= 0:
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{Error: "Program exited unexpectedly: " + exitErr.Error()}, nil
	default:
		return &pulumirpc.RunResponse{
			Error: "Problem executing program (could not run language executor): " + err.Error(),
		}, nil
	}
}

// runFlags builds the flags understood by @pulumi/pulumi/cmd/run (see its index.ts).
func runFlags(req *pulumirpc.RunRequest, engineAddress string) []string {
	var flags []string
	add := func(name, value string) {
		if value != "" {
			flags = append(flags, "--"+name, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engineAddress)
	add("organization", req.GetOrganization())
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	if req.GetDryRun() {
		flags = append(flags, "--dry-run")
	}
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("root-directory", req.GetInfo().GetRootDirectory())
	return flags
}

// programEnv is our environment plus the configuration the Node.js SDK reads at start-up.
func programEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config := req.GetConfig()
	if config == nil {
		config = map[string]string{}
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, fmt.Errorf("serializing config: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("serializing config secret keys: %w", err)
	}

	opts := req.GetInfo().GetOptions().AsMap()
	typescript := true
	if v, ok := opts["typescript"].(bool); ok {
		typescript = v
	}

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(typescript),
	)
	if tsconfig, ok := opts["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env, nil
}

// runtimeNodeArgs returns the `runtime.options.nodeargs` of Pulumi.yaml, split on spaces.
func runtimeNodeArgs(info *pulumirpc.ProgramInfo) []string {
	nodeargs, _ := info.GetOptions().AsMap()["nodeargs"].(string)
	return strings.Fields(nodeargs)
}

// findRunScript looks for node_modules/@pulumi/pulumi/cmd/run from dir upwards, the way
// Node.js resolves packages. PULUMI_LANGUAGE_NODEJS_RUN_PATH overrides the search.
func findRunScript(dir string) (string, error) {
	if p := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH"); p != "" {
		return p, nil
	}
	start, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := start; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", "run")
		if _, err := os.Stat(filepath.Join(candidate, "index.js")); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", fmt.Errorf("it looks like the Pulumi SDK has not been installed: no node_modules/@pulumi/pulumi "+
		"found in %s or its parents; have you run `npm install`?", start)
}
