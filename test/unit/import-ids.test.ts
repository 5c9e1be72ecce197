import { describe, expect, it } from "vitest";
import { importedConnection } from "../../provider/resources/connection-import";
import { importedPublication } from "../../provider/resources/publication-import";

/*
 * Hostile `pulumi import` ids. The engine stores what read returns (the id itself among it) and
 * the CLI writes it into the generated program, so an id is refused unless check would accept
 * what it names, and the refusal never repeats a value of a connection's configuration.
 */

const PASSWORD = "HostileImportPassword-5k";

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the import id was accepted");
}

describe("a Connection's import id", () => {
  it.each([
    [
      "a password in configuration",
      `mysql:{"host":"db","port":3306,"database":"shop","user":"app","password":"${PASSWORD}"}`,
      "configuration.password",
    ],
    [
      "a connection string holding a password",
      `mysql:{"connectionString":"mysql://app:${PASSWORD}@db:3306/shop"}`,
      "configuration.connectionString",
    ],
    [
      "credentials inside configuration",
      `postgres:{"host":"db","user":"app","credentials":{"password":"${PASSWORD}"}}`,
      "configuration.credentials",
    ],
    ["a value of the wrong type", `postgres:{"host":"db","user":"app","port":"${PASSWORD}"}`, "configuration.port"],
  ])("with %s is refused, naming the property and never the value", (_what, id, property) => {
    const message = refusal(() => importedConnection(id, 1));
    expect(message).toContain(property);
    expect(message).not.toContain(PASSWORD);
  });

  it("with a valid configuration is taken as it is", () => {
    const { props } = importedConnection('mysql:{"host":"db","port":3306,"database":"shop","user":"app"}', 1);
    expect(props).toMatchObject({ type: "mysql", configuration: { host: "db", port: 3306, database: "shop", user: "app" } });
  });
});

describe("a Publication's import id", () => {
  it.each([
    ["a; drop table y", "a.b; drop table y"],
    ["quotes", `a'b.c"d`],
    ["a backtick", "shop.orders`; drop table orders; --"],
    ["more than database.schema.table", "a.b.c.d"],
  ])("holding %s is refused", (_what, id) => {
    expect(refusal(() => importedPublication(id, 1))).toMatch(/import id .*plain SQL name|import id .*schema\.table/);
  });

  it.each([
    ["shop.orders", ["shop"], "orders"],
    ["analytics.public.orders", ["analytics", "public"], "orders"],
  ])("%s is taken as path and table", (id, path, table) => {
    expect(importedPublication(id, 1).props).toMatchObject({ path, table });
  });
});

describe("a JobGroup's import", () => {
  it("is refused with what to do instead, not a state migration error", async () => {
    const { read } = await import("../../provider/resources/job-group");
    const failure = await read("job-123", {}).then(
      () => "accepted",
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/JobGroup cannot be imported/);
    expect(failure).not.toMatch(/stateVersion/);
  });
});
