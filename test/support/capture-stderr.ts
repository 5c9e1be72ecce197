import { vi } from "vitest";

/** What the provider wrote to stderr since the capture started or was last cleared. */
export interface StderrCapture {
  text(): string;
  clear(): void;
  restore(): void;
}

/**
 * Collects what is written to stderr (the provider's report lines, which the CLI shows) and
 * still writes it, so a failing test's output stays readable.
 */
export function captureStderr(): StderrCapture {
  let chunks: string[] = [];
  const write = process.stderr.write.bind(process.stderr) as (chunk: string | Uint8Array) => boolean;
  const spy = vi.spyOn(process.stderr, "write").mockImplementation(((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return write(chunk);
  }) as typeof process.stderr.write);
  return {
    text: () => chunks.join(""),
    clear: () => {
      chunks = [];
    },
    restore: () => spy.mockRestore(),
  };
}
