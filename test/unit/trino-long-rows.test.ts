import { describe, expect, it } from "vitest";
import { PIECE_CHARACTERS, piecesOf } from "../../provider/vendors/trino/long-rows";
import { BATCH_CHARACTERS } from "../../provider/vendors/trino/transfer";

/** A long row's text is cut into pieces that each fit one statement and join back exactly. */
describe("piecesOf", () => {
  it("joins back to the text and never splits a surrogate pair", () => {
    const text = `${"a🚀".repeat(10)}b`;
    for (const size of [1, 2, 3, 4, 7]) {
      const pieces = piecesOf(text, Math.max(size, 2));
      expect(pieces.join("")).toBe(text);
      for (const piece of pieces) {
        expect(/[\ud800-\udbff]$/.test(piece), JSON.stringify(piece)).toBe(false);
        expect(/^[\udc00-\udfff]/.test(piece), JSON.stringify(piece)).toBe(false);
      }
    }
  });

  it("a piece of nothing but quotes, doubled in its literal, still fits one statement", () => {
    expect(2 * PIECE_CHARACTERS + 100).toBeLessThan(BATCH_CHARACTERS);
    const pieces = piecesOf("'".repeat(PIECE_CHARACTERS * 2 + 5));
    expect(pieces.map((piece) => piece.length)).toEqual([PIECE_CHARACTERS, PIECE_CHARACTERS, 5]);
  });
});
