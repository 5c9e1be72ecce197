export {
  Connection,
  type ConnectionArgs,
  type ConnectionAttributes,
  type PostgresConfigurationArgs,
  type MysqlConfigurationArgs,
  type DuckdbConfigurationArgs,
  type PasswordCredentialsArgs,
  type RequiredPrivilegeArgs,
} from "./connection";
