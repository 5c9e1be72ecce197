import { mysql, postgres } from "../../support/services";
import type { TestLogin } from "./databases";

/** A stack's plain configuration and its secrets, as Workspace.initStack takes them. */
export type StackConfig = [config: Record<string, string>, secrets: Record<string, string>];

/** Where the example programs find the test PostgreSQL (keys pgHost … pgPassword), as the suite's admin unless a login is given. */
export function postgresStackConfig(options: { database?: string; login?: TestLogin } = {}): StackConfig {
  const login = options.login ?? { user: postgres.user, password: postgres.password };
  return [
    { pgHost: postgres.host, pgPort: String(postgres.port), pgDatabase: options.database ?? postgres.database, pgUser: login.user },
    { pgPassword: login.password },
  ];
}

/** Where the example programs find the test MariaDB (keys mysqlHost … mysqlPassword). */
export function mysqlStackConfig(options: { login?: TestLogin } = {}): StackConfig {
  const login = options.login ?? { user: mysql.user, password: mysql.password };
  return [
    { mysqlHost: mysql.host, mysqlPort: String(mysql.port), mysqlDatabase: mysql.database, mysqlUser: login.user },
    { mysqlPassword: login.password },
  ];
}

/** One stack's configuration from database parts and the program's own plain keys. */
export function stackConfig(...parts: Array<StackConfig | Record<string, string>>): StackConfig {
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const part of parts) {
    if (Array.isArray(part)) {
      Object.assign(config, part[0]);
      Object.assign(secrets, part[1]);
    } else {
      Object.assign(config, part);
    }
  }
  return [config, secrets];
}
