export {
  Connection,
  type ConnectionArgs,
  type ConnectionAttributes,
  type PostgresConfigurationArgs,
  type MysqlConfigurationArgs,
  type DuckdbConfigurationArgs,
  type SnowflakeConfigurationArgs,
  type BigqueryConfigurationArgs,
  type TrinoConfigurationArgs,
  type SnowflakeCredentialsArgs,
  type BigqueryCredentialsArgs,
  type TrinoCredentialsArgs,
  type PasswordCredentialsArgs,
  type RequiredPrivilegeArgs,
} from "./connection";
export { JobGroup, type JobGroupArgs, type JobStepArgs, type WriteSettingArgs, type JobResultOutput, type ResultColumnOutput } from "./job-group";
export { Publication, type PublicationArgs, type PublicationAction } from "./publication";
