/** Upload credentials as the publish client receives them from the configuration layer. */

export interface Credentials {
  username: string;
  /** Sent only in the Authorization header; never in a message, a log or an argument. */
  password: string;
  /** Where the password came from, for messages: e.g. `environment variable NEXUS_PASSWORD`. */
  source: string;
}

/** HTTP Basic, sent pre-emptively as twine, uv and poetry do (Nexus accepts only Basic). */
export function computeBasicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}
