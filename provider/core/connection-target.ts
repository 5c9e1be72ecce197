/** What a session is opened with: a connection's parsed configuration and its (secret) credentials. */
export interface ConnectionTarget<Configuration = unknown, Credentials = unknown> {
  configuration: Configuration;
  credentials: Credentials;
}
