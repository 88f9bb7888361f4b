/**
 * HTTP Basic authentication and per-repository authorization, as Nexus's security filter applies
 * them (NEXUS-PYPI.md 1.3, 1.5): bad credentials are a 401 challenge even where anonymous access
 * would do, a known user without the privilege gets 403.
 */
import { createHash } from 'node:crypto';
import { verifyPassword } from '../config/password-hash';
import type { RepositoryAction, RepositoryConfig } from '../config/registry-config';

export interface AccountEntry {
  username: string;
  passwordHash: string;
  privileges: Record<string, RepositoryAction[]>;
}

/** Who sent a request. */
export type Principal = { kind: 'anonymous' } | { kind: 'user'; username: string; privileges: Record<string, RepositoryAction[]> };

/** Authentication outcome: a principal, or credentials that did not check out. */
export type Authentication = { ok: true; principal: Principal } | { ok: false };

/** Access decision for one request. */
export type Access = 'allowed' | 'challenge' | 'forbidden';

export class Authenticator {
  private readonly accounts: Map<string, AccountEntry>;
  // scrypt costs tens of milliseconds on purpose; remember digests of credentials already verified
  // so that a client sending Basic auth on every request does not pay that each time.
  private readonly verified = new Set<string>();

  constructor(accounts: readonly AccountEntry[]) {
    this.accounts = new Map(accounts.map((account) => [account.username, account]));
  }

  /** Reads the Authorization header. No header, a non-Basic scheme or the empty `:` credential is anonymous. */
  async authenticate(header: string | undefined): Promise<Authentication> {
    const match = header ? /^basic\s+([A-Za-z0-9+/=]*)\s*$/i.exec(header) : null;
    if (!match) return { ok: true, principal: { kind: 'anonymous' } };
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    if (decoded === ':' || decoded === '') return { ok: true, principal: { kind: 'anonymous' } };
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false };
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const account = this.accounts.get(username);
    if (!account) return { ok: false };
    const digest = createHash('sha256').update(`${username}\0${password}\0${account.passwordHash}`).digest('hex');
    if (!this.verified.has(digest)) {
      if (!(await verifyPassword(password, account.passwordHash))) return { ok: false };
      this.verified.add(digest);
    }
    return { ok: true, principal: { kind: 'user', username, privileges: account.privileges } };
  }

  /** Whether `principal` may do `action` on `repository`. */
  authorize(principal: Principal, repository: RepositoryConfig, action: RepositoryAction): Access {
    if (principal.kind === 'anonymous') {
      return action === 'read' && repository.anonymousRead ? 'allowed' : 'challenge';
    }
    const actions = [...(principal.privileges['*'] ?? []), ...(principal.privileges[repository.name] ?? [])];
    return actions.includes(action) ? 'allowed' : 'forbidden';
  }
}

/** The user name for logs: never anything else from the credentials. */
export function describePrincipal(principal: Principal | undefined): string {
  return principal?.kind === 'user' ? principal.username : '-';
}
