/** Upload credentials as the publish client receives them from the configuration layer. */
import type { Secret } from '../config/credentials';

export interface Credentials {
  username: string;
  /** Revealed only for the Authorization header or a child's environment; never in a message, a log or an argument. */
  password: Secret;
  /** Where the password came from, for messages: e.g. `env NEXUS_PASSWORD`. */
  source: string;
}

/** HTTP Basic, sent pre-emptively as twine, uv and poetry do (Nexus accepts only Basic). */
export function computeBasicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password.reveal()}`, 'utf8').toString('base64')}`;
}
