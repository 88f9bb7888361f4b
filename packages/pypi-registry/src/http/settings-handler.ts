/**
 * Nexus's REST answer for a hosted PyPI repository's settings (sonatype/nexus-public
 * AbstractRepositoriesApiResource.getRepository): `@RequiresAuthentication`, so an anonymous call
 * or a bad login gets the Basic challenge; then AuthorizingRepositoryManager.getRepositoryWithAdmin
 * keeps the repository only for a user with nx-repository-admin-pypi-<name>-read, so a user
 * without it gets the same 404 "Repository not found" as a name that does not exist (or is a group).
 */
import type { IncomingMessage } from 'node:http';
import { renderHostedSettings } from '../core/repository-settings';
import type { Principal } from './authenticator';
import type { Reply } from './reply';
import type { RegistryContext } from './registry-context';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

export async function handleHostedSettings(context: RegistryContext, request: IncomingMessage, name: string, state: { principal?: Principal }): Promise<Reply> {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'body', status: 405, headers: JSON_HEADERS, body: '' };
  const authentication = await context.authenticator.authenticate(request.headers.authorization);
  if (!authentication.ok) return { kind: 'challenge' };
  state.principal = authentication.principal;
  if (authentication.principal.kind === 'anonymous') return { kind: 'challenge' };
  const repository = context.repositories.get(name);
  if (repository?.type !== 'hosted' || context.authenticator.authorize(authentication.principal, repository, 'admin-read') !== 'allowed') {
    return { kind: 'body', status: 404, headers: JSON_HEADERS, body: '"Repository not found"' };
  }
  const url = `https://${request.headers.host ?? 'localhost'}/repository/${encodeURIComponent(repository.name)}`;
  return { kind: 'body', status: 200, headers: JSON_HEADERS, body: renderHostedSettings(repository, url) };
}
