import { describe, expect, it } from "vitest";
import { processCancellation } from "../../provider/core/cancellation";
import { afterAbort, withDeadline } from "../../provider/core/deadline";
import type { DataplaneError } from "../../provider/core/failures";

/** The engine stopping the provider process aborts every deadline in flight, and each cleans up first. */
describe("process cancellation", () => {
  it("aborts running deadlines with kind cancelled, awaits their cleanups, then reports drained", async () => {
    const events: string[] = [];
    const running = withDeadline(60, "job j", (signal) => {
      afterAbort(signal, {
        what: "cancelling the statement",
        run: async () => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          events.push("cleaned");
          return "the statement was cancelled";
        },
      });
      return new Promise<never>(() => undefined);
    }).catch((caught: unknown) => caught as DataplaneError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    processCancellation.cancel("the engine stopped the provider (SIGINT)");
    const drained = processCancellation.drained().then(() => events.push("drained"));
    const error = await running;
    await drained;
    expect(error.kind).toBe("cancelled");
    expect(error.message).toContain("job j was stopped: the engine stopped the provider (SIGINT); the statement was cancelled");
    expect(events).toEqual(["cleaned", "drained"]);
    // Work started after the cancel does not start at all.
    let started = false;
    const late = await withDeadline(60, "late job", async (signal) => {
      started = !signal.aborted;
      return new Promise<never>(() => undefined);
    }).catch((caught: unknown) => caught as DataplaneError);
    expect(started).toBe(false);
    expect(late.kind).toBe("cancelled");
  });
});
