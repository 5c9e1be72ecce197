import { describe, expect, it } from "vitest";
import { afterAbort, onAbort, withDeadline } from "../../provider/core/deadline";
import { DataplaneError } from "../../provider/core/failures";

describe("withDeadline", () => {
  it("rejects never-ending work with kind timedOut within the deadline and aborts the signal", async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const error = await withDeadline(0.2, "connection test", (signal) => {
      seen = signal;
      return new Promise<never>(() => undefined);
    }).catch((caught: unknown) => caught);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(DataplaneError);
    expect((error as DataplaneError).kind).toBe("timedOut");
    expect((error as DataplaneError).message).toContain("connection test did not finish within 0.2 s");
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(600);
    expect(seen!.aborted).toBe(true);
    expect(seen!.reason).toBe(error);
  });

  it("returns the result of work that finishes in time, without aborting", async () => {
    let seen: AbortSignal | undefined;
    const value = await withDeadline(1, "x", async (signal) => {
      seen = signal;
      return 42;
    });
    expect(value).toBe(42);
    expect(seen!.aborted).toBe(false);
  });

  it("passes on the work's own error", async () => {
    await expect(withDeadline(1, "x", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });

  it("lets the work clean up through the signal", async () => {
    let cleaned = false;
    await withDeadline(0.1, "x", (signal) => {
      onAbort(signal, () => (cleaned = true));
      return new Promise<never>(() => undefined);
    }).catch(() => undefined);
    expect(cleaned).toBe(true);
  });

  it("onAbort runs at once for an already aborted signal", () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    onAbort(controller.signal, () => (ran = true));
    expect(ran).toBe(true);
  });

  it("reports only after the cleanups registered with afterAbort are done, with what each confirmed", async () => {
    let cleanedAt = 0;
    const error = await withDeadline(0.1, "job j", (signal) => {
      afterAbort(signal, {
        what: "cancelling the statement",
        run: async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          cleanedAt = Date.now();
          return "the statement was cancelled";
        },
      });
      afterAbort(signal, { what: "dropping the staging table", run: async () => Promise.reject(new Error("no connection")) });
      return new Promise<never>(() => undefined);
    }).catch((caught: unknown) => caught as DataplaneError);
    expect(cleanedAt).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThanOrEqual(cleanedAt);
    expect(error.message).toContain(
      "job j did not finish within 0.1 s; the statement was cancelled; dropping the staging table was not confirmed: no connection",
    );
  });

  it("runs no cleanup whose work finished before the deadline", async () => {
    let ran = false;
    await withDeadline(0.2, "x", async (signal) => {
      const stop = afterAbort(signal, { what: "y", run: async () => ((ran = true), "") });
      stop();
      await new Promise((resolve) => setTimeout(resolve, 400));
    }).catch(() => undefined);
    expect(ran).toBe(false);
  });
});
