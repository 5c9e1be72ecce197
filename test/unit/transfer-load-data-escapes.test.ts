import { describe, expect, it } from "vitest";
import { LoadDataEscapeRewriter } from "../../provider/vendors/mysql/load-data-escapes";

function rewrite(chunks: string[]): string {
  const rewriter = new LoadDataEscapeRewriter();
  const out = chunks.map((chunk) => rewriter.push(Buffer.from(chunk, "latin1")));
  out.push(rewriter.end());
  return Buffer.concat(out).toString("latin1");
}

describe("Postgres COPY text → MySQL LOAD DATA escapes", () => {
  it("turns \\f and \\v into the raw bytes MySQL reads literally", () => {
    expect(rewrite(["a\\fb\\vc\n"])).toBe("a\fb\vc\n");
  });

  it("leaves the escapes both share alone, and an escaped backslash before f", () => {
    expect(rewrite(["\\\\f\\t\\n\\r\\b\\\\\\N\t\\N\n"])).toBe("\\\\f\\t\\n\\r\\b\\\\\\N\t\\N\n");
  });

  it("passes a chunk without backslashes through unchanged (the same buffer)", () => {
    const rewriter = new LoadDataEscapeRewriter();
    const chunk = Buffer.from("1\tplain\n");
    expect(rewriter.push(chunk)).toBe(chunk);
  });

  it("handles an escape split across chunks", () => {
    const whole = "x\\fy\\\\fz\\v\n";
    for (let cut = 1; cut < whole.length; cut++) {
      expect(rewrite([whole.slice(0, cut), whole.slice(cut)])).toBe("x\fy\\\\fz\v\n");
    }
  });
});
