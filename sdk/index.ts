export {
  Connection,
  type ConnectionArgs,
  type ConnectionAttributes,
  type ConfigurationArgs,
  type CredentialsArgs,
  type RequiredPrivilegeArgs,
} from "./connection";
export {
  JobGroup,
  type JobGroupArgs,
  type JobStepArgs,
  type WriteSettingArgs,
  type JobResultOutput,
  type ResultColumnOutput,
} from "./job-group";
export { Publication, type PublicationArgs, type PublicationAction, type PublicationEngine } from "./publication";
