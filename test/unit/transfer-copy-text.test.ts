import { describe, expect, it } from "vitest";
import { CopyTextDecoder, countRows, decodeCopyField, encodeCopyField, encodeCopyRows } from "../../provider/core/transfer/copy-text";

describe("COPY text fields", () => {
  it("writes NULL as \\N and the literal string \\N escaped", () => {
    expect(encodeCopyField(null)).toBe("\\N");
    expect(encodeCopyField("\\N")).toBe("\\\\N");
    expect(decodeCopyField("\\N")).toBeNull();
    expect(decodeCopyField("\\\\N")).toBe("\\N");
  });

  it("keeps the empty string apart from NULL", () => {
    expect(encodeCopyField("")).toBe("");
    expect(decodeCopyField("")).toBe("");
  });

  it("escapes exactly the framing characters and backslash", () => {
    expect(encodeCopyField("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(encodeCopyField("😀 中文 e\u0301 'q' \"d\" \f\v\b")).toBe("😀 中文 e\u0301 'q' \"d\" \f\v\b");
  });

  it("reads every escape Postgres writes or accepts", () => {
    expect(decodeCopyField("\\b\\f\\n\\r\\t\\v\\\\")).toBe("\b\f\n\r\t\v\\");
    expect(decodeCopyField("\\101\\x42\\q")).toBe("ABq");
    expect(decodeCopyField("\\\\x00ff")).toBe("\\x00ff");
  });

  it("round-trips any string", () => {
    for (const text of ["", "\\", "\\\\N", "a\tb", "\n\n", "x\\ny", "😀\t中", "end\\"]) {
      expect(decodeCopyField(encodeCopyField(text))).toBe(text);
    }
  });
});

describe("COPY text rows", () => {
  it("frames rows with tabs and newlines", () => {
    expect(
      encodeCopyRows([
        ["1", null, "a\tb"],
        ["2", "", "\\N"],
      ]),
    ).toBe("1\t\\N\ta\\tb\n2\t\t\\\\N\n");
  });

  it("decodes rows split anywhere, even inside a multi-byte character", () => {
    const bytes = Buffer.from(
      encodeCopyRows([
        ["1", "😀 中文"],
        ["2", null],
        ["3", "a\nb"],
      ]),
    );
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoder = new CopyTextDecoder();
      const rows = [...decoder.push(bytes.subarray(0, cut)), ...decoder.push(bytes.subarray(cut))];
      decoder.end();
      expect(rows).toEqual([
        ["1", "😀 中文"],
        ["2", null],
        ["3", "a\nb"],
      ]);
    }
  });

  it("refuses a stream that ends inside a row", () => {
    const decoder = new CopyTextDecoder();
    decoder.push(Buffer.from("1\tpartial"));
    expect(() => decoder.end()).toThrow(/middle of a row/);
  });

  it("counts rows by raw newlines, which never occur inside an escaped field", () => {
    expect(countRows(Buffer.from(encodeCopyRows([["a\nb"], ["c"], [null]])))).toBe(3);
    expect(countRows(Buffer.alloc(0))).toBe(0);
  });
});
