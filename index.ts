import * as dataplane from "pulumi-dataplane";

/**
 * The embedded-default stack: a DuckDB database file beside this program, a job that
 * aggregates the orders CSV shipped in data/, and a publication of its result into a
 * reporting table. No server: everything runs in process.
 */
const warehouse = new dataplane.Connection("warehouse", {
  type: "duckdb",
  configuration: { path: "warehouse.duckdb" },
  // Its own job and publication create this database's tables; indexing them would report
  // each new table as drift on the next refresh.
  excludeAllTables: true,
});

const revenue = new dataplane.JobGroup("revenue-by-country", {
  connection: warehouse,
  steps: [
    {
      name: "revenue",
      sql: `select country, count(*) as orders, sum(amount) as revenue, max(order_date) as last_order
            from read_csv('data/orders.csv', header = true)
            where order_date >= :since
            group by country
            order by revenue desc`,
    },
  ],
  runParameters: { since: "2026-01-01" },
  overrides: { profiler: true },
});

const report = new dataplane.Publication("revenue-report", {
  source: revenue,
  connection: warehouse,
  path: ["main"],
  table: "revenue_report",
  action: "dropAndLoad",
});

export const connectionId = warehouse.connectionId;
export const serverVersion = warehouse.serverVersion;
export const jobStatus = revenue.status;
export const result = revenue.result;
export const jobs = revenue.jobs;
export const publishedRows = report.rowCount;
export const publishedTable = report.targetColumns;
