import { isRpcSecret, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, it } from "vitest";
import { revealed, sealed, secret, secretPropertiesOf } from "../../plugin/secrets";

const envelope = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

describe("secrets across the package plugin's gRPC boundary", () => {
  it("opens every envelope, however deep, for the provider code", () => {
    const sent = { connection: { type: "postgres", credentials: envelope({ password: "pw" }) }, list: [envelope("a"), "b"] };
    expect(revealed(sent)).toEqual({ connection: { type: "postgres", credentials: { password: "pw" } }, list: ["a", "b"] });
  });

  it("names the top-level properties that held a secret anywhere inside", () => {
    expect(
      secretPropertiesOf({ connection: { credentials: envelope({ password: "pw" }) }, table: "t", keys: [envelope("k")] }).sort(),
    ).toEqual(["connection", "keys"]);
  });

  it("seals the named properties whole, once, and leaves the others plain", () => {
    const result = sealed({ credentials: { password: "pw" }, table: "t", reference: secret({ a: 1 }) }, [
      "credentials",
      "reference",
      "absent",
    ]);
    expect(isRpcSecret(result.credentials)).toBe(true);
    expect((result.credentials as { value: unknown }).value).toEqual({ password: "pw" });
    expect(result.reference).toEqual(envelope({ a: 1 }));
    expect(result.table).toBe("t");
    expect(result).not.toHaveProperty("absent");
  });
});
