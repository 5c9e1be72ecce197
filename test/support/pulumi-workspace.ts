import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";

export const REPOSITORY_ROOT = resolve(__dirname, "../..");
export const TEST_PASSPHRASE = "dataplane-e2e-passphrase";

export interface ExportedResource {
  urn: string;
  type: string;
  outputs?: Record<string, unknown>;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
  seconds: number;
}

/** Where a workspace takes its packages and its `node` from (default: the repository's, and PATH's). */
export interface WorkspaceRuntime {
  /** A node_modules folder holding @pulumi/pulumi and pulumi-dataplane. */
  nodeModules: string;
  /** A folder put first on PATH, holding the `node` the language host and the provider run. */
  nodeBinDirectory: string;
}

/**
 * An example program copied to a temporary directory with its own file backend, run with the
 * real `pulumi` CLI exactly as a user would. `node_modules` points at the repository's, whose
 * `pulumi-dataplane` entry is the package itself, unless a runtime names others.
 */
export class Workspace {
  readonly directory: string;
  private readonly environment: NodeJS.ProcessEnv;

  /** `program` is a folder relative to the repository (`examples/connections`), or "." for the root program. */
  constructor(program: string, runtime?: WorkspaceRuntime) {
    this.directory = mkdtempSync(join(tmpdir(), `dataplane-${program === "." ? "root" : basename(program)}-`));
    if (program === ".") {
      for (const file of ["Pulumi.yaml", "index.ts", "data"])
        cpSync(join(REPOSITORY_ROOT, file), join(this.directory, file), { recursive: true });
    } else {
      cpSync(join(REPOSITORY_ROOT, program), this.directory, { recursive: true });
    }
    symlinkSync(runtime?.nodeModules ?? join(REPOSITORY_ROOT, "node_modules"), join(this.directory, "node_modules"));
    mkdirSync(join(this.directory, ".state"));
    this.environment = {
      ...process.env,
      ...(runtime ? { PATH: `${runtime.nodeBinDirectory}:${process.env.PATH}` } : {}),
      PULUMI_BACKEND_URL: `file://${join(this.directory, ".state")}`,
      PULUMI_HOME: join(this.directory, ".pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      NO_COLOR: "1",
      CI: "true",
    };
  }

  run(args: string[], options: { timeoutSeconds?: number; input?: string } = {}): Promise<CommandResult> {
    const started = performance.now();
    return new Promise((resolvePromise, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], {
        cwd: this.directory,
        env: this.environment,
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill("SIGKILL"), (options.timeoutSeconds ?? 240) * 1000);
      child.on("error", (error) =>
        reject(new Error(`could not run pulumi (is scripts/setup.sh's bin directory on PATH?): ${error.message}`)),
      );
      child.on("close", (code) => {
        clearTimeout(timer);
        resolvePromise({
          code: code ?? -1,
          stdout,
          stderr,
          output: `${stdout}\n${stderr}`,
          seconds: (performance.now() - started) / 1000,
        });
      });
      // pulumi may exit before reading its (empty) input; that is no failure of the test.
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input ?? "");
    });
  }

  /**
   * Starts a command in a process group of its own, as a terminal runs its foreground job:
   * `interrupt()` sends SIGINT to that group, which is what pressing Ctrl-C does.
   */
  start(args: string[]): { interrupt(): void; output(): string; finished: Promise<CommandResult> } {
    const started = performance.now();
    const child = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], {
      cwd: this.directory,
      env: this.environment,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 240_000);
    const finished = new Promise<CommandResult>((resolvePromise, reject) => {
      child.on("error", (error) => reject(new Error(`could not run pulumi: ${error.message}`)));
      child.on("close", (code) => {
        clearTimeout(timer);
        resolvePromise({ code: code ?? -1, stdout, stderr, output: `${stdout}\n${stderr}`, seconds: (performance.now() - started) / 1000 });
      });
    });
    const interrupt = (): void => {
      // Ctrl-C pressed after the CLI has already exited reaches nobody.
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGINT");
    };
    return { interrupt, output: () => `${stdout}\n${stderr}`, finished };
  }

  /** Runs a command that must succeed, failing with its whole output otherwise. */
  async ok(args: string[]): Promise<CommandResult> {
    const result = await this.run(args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result;
  }

  async initStack(stack: string, config: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    await this.ok(["stack", "init", stack]);
    // One CLI run for all keys (each run costs about a second): what `config set` per key would write.
    const pairs = [
      ...Object.entries(config).flatMap(([key, value]) => ["--plaintext", `${key}=${value}`]),
      ...Object.entries(secrets).flatMap(([key, value]) => ["--secret", `${key}=${value}`]),
    ];
    if (pairs.length > 0) await this.ok(["config", "set-all", ...pairs]);
  }

  async setConfig(key: string, value: string, secret = false): Promise<void> {
    await this.ok(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
  }

  async stackExport(): Promise<{ text: string; resources: ExportedResource[] }> {
    const result = await this.ok(["stack", "export"]);
    const parsed = JSON.parse(result.stdout) as { deployment: { resources?: ExportedResource[] } };
    return { text: result.stdout, resources: parsed.deployment.resources ?? [] };
  }

  /** A resource's outputs as state holds them now (stack outputs only change when the program runs). */
  async resourceOutputs(name: string): Promise<Record<string, unknown>> {
    const { resources } = await this.stackExport();
    const found = resources.find((resource) => resource.urn.endsWith(`::${name}`));
    if (!found) throw new Error(`no resource named ${name} in the stack`);
    return found.outputs ?? {};
  }

  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.ok(["stack", "output", "--json"]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  dispose(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}
