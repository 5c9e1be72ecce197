import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { CheckFailure } from "../core/validation";
import type { WriteSetting } from "./job-group-schema";
import { samePath } from "./job-files";

/** Paths of the files a job's earlier inputs wrote: its own, which `create` may overwrite on a re-run. */
export function ownFilePaths(properties: Record<string, unknown>): string[] {
  const overrides = properties.overrides as { writeSettings?: unknown } | undefined;
  const settings = Array.isArray(overrides?.writeSettings) ? overrides.writeSettings : [];
  return settings.map((setting) => (setting as { path?: unknown }).path).filter((path): path is string => typeof path === "string");
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * What preview can tell about where files go, so that `up` does not fail after the job ran:
 * the folder exists and may be written, `create` would not overwrite a file this job did not
 * write, and no two settings write one path.
 */
export function writeDestinationFailures(settings: readonly WriteSetting[], ownPaths: readonly string[]): CheckFailure[] {
  return settings.flatMap((setting, index): CheckFailure[] => {
    const property = `overrides.writeSettings[${index}].path`;
    const folder = dirname(setting.path);
    if (settings.findIndex((other) => samePath(other.path, setting.path)) !== index) {
      return [{ property, reason: `${property} repeats the path of an earlier setting: each file needs its own path` }];
    }
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      return [{ property, reason: `${property}: the folder ${folder} does not exist: create it or change the path` }];
    }
    if (!writable(folder)) {
      return [
        { property, reason: `${property}: the folder ${folder} cannot be written by this user: grant write access or change the path` },
      ];
    }
    if (!existsSync(setting.path)) return [];
    if (setting.asSingleFile && statSync(setting.path).isDirectory()) {
      return [{ property, reason: `${property} is a folder but asSingleFile is true: name a file, or set asSingleFile false` }];
    }
    if (!writable(setting.path)) {
      return [{ property, reason: `${property} exists and cannot be written by this user: grant write access or change the path` }];
    }
    if (setting.action === "create" && !ownPaths.some((path) => samePath(path, setting.path))) {
      return [
        {
          property,
          reason: `${property} exists and this job did not write it, and action is create: use overwrite or append, or remove the file`,
        },
      ];
    }
    return [];
  });
}
