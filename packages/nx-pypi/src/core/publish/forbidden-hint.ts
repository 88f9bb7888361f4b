/**
 * What to do about a 403. Nexus answers 403 to a known user who lacks the repository privilege
 * (NEXUS-PYPI.md 1.3, 1.5) and 401 to a wrong password, but other indexes and proxies in front of
 * Nexus answer 403 to a wrong password too; from the status alone the two cannot be told apart, so
 * the hint names both: the password's source (never the password) and the privilege.
 */

export interface ForbiddenContext {
  username?: string;
  /** Where the password came from, e.g. `env NEXUS_PASSWORD`. */
  passwordSource?: string;
  /** The Nexus repository name, when the URL shows it. */
  repository?: string;
  /** The Nexus BREAD action the request needs: `add` for an upload, `read` for an index page. */
  action: 'add' | 'read';
}

/** `user "ci" (password from env NEXUS_PASSWORD)`, or `the anonymous user`. */
export function describeForbiddenUser(c: Pick<ForbiddenContext, 'username' | 'passwordSource'>): string {
  if (!c.username) return 'the anonymous user';
  return `user "${c.username}" (password from ${c.passwordSource ?? 'the configuration'})`;
}

export function computeForbiddenHint(c: ForbiddenContext): string {
  const privilege = `nx-repository-view-pypi-${c.repository ?? '<repo>'}-${c.action}`;
  if (!c.username) {
    return `no credentials were sent: set usernameEnv and passwordEnv for this repository in nx-pypi.json and export those variables, or have the Nexus administrator grant ${privilege} to the anonymous user`;
  }
  return (
    `either the password is wrong (some servers and proxies answer 403 rather than 401): check the username "${c.username}" and the password in ${c.passwordSource ?? 'the configuration'}; ` +
    `or the user lacks the Nexus privilege ${privilege}: ask the Nexus administrator to grant it (or a role holding it) to "${c.username}"`
  );
}
