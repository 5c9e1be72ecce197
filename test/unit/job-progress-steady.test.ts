import { describe, expect, it } from "vitest";
import { describeRunning, steadyProgress } from "../../provider/core/progress";

/**
 * A job's running lines never go backwards, although the engine reports each statement on its
 * own: the CI run of 2026-12-02 printed "3 rows processed" for Trino's rename after the step's
 * 5,951,400.
 */
describe("a job's progress as reported", () => {
  it("keeps the largest rows processed and percentage once a later statement reports fewer", () => {
    const reports = [
      undefined,
      { processedRows: 172_200 },
      { processedRows: 5_951_400, percentage: 40 },
      { processedRows: 3, percentage: 0 },
      undefined,
    ];
    let index = 0;
    const progress = steadyProgress(() => reports[index++]);
    const seen = reports.map(() => progress());
    expect(seen).toEqual([
      undefined,
      { processedRows: 172_200 },
      { processedRows: 5_951_400, percentage: 40 },
      { processedRows: 5_951_400, percentage: 40 },
      { processedRows: 5_951_400, percentage: 40 },
    ]);
    expect(describeRunning(10, seen[3])).toBe("running, 10 s, 5,951,400 rows processed (595,140 rows/s), 40% by the engine's progress");
  });

  it("reports no percentage the engine never gave", () => {
    const progress = steadyProgress(() => ({ processedRows: 10 }));
    expect(progress()).toEqual({ processedRows: 10 });
  });
});
