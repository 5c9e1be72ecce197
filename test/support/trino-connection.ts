import { trino } from "./services";

/** A Connection as jobs and publications receive it from the sdk, on the suite's Trino. */
export function trinoConnection(schema: string, user = "dataplane") {
  return {
    connectionId: "trino",
    type: "trino",
    configuration: { server: trino.server, catalog: trino.catalog, schema, user },
    credentials: {},
  };
}
