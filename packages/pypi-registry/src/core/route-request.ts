/**
 * URL routing as Nexus's ViewServlet and the PyPI recipes do it (NEXUS-PYPI.md 1.1, 2.1, 7).
 * Only the path matters; the query string is ignored like Nexus's routes ignore it.
 */

/** Where a request path points at the server level. */
export type ServerRoute =
  | { kind: 'admin'; action: string }
  | { kind: 'repository'; repository: string; path: string }
  /** Nexus REST API `GET /service/rest/v1/repositories/pypi/hosted/<name>` (the only REST route here). */
  | { kind: 'hosted-settings'; repository: string }
  | { kind: 'bad-repository-path'; message: string }
  | { kind: 'not-found' };

/** Message of RepositoryPath.parse when the repository name is not followed by a slash. */
export const MISSING_SLASH_MESSAGE = "Repository path must have another '/' after initial '/'";

const HOSTED_SETTINGS = /^\/service\/rest\/v1\/repositories\/pypi\/hosted\/([^/]+)$/;

/** Splits `/repository/<name>/<path>`; `/-/admin/<action>` is this double's own control surface. */
export function routeServerPath(pathname: string): ServerRoute {
  if (pathname.startsWith('/-/admin/')) return { kind: 'admin', action: pathname.slice('/-/admin/'.length) };
  const settings = HOSTED_SETTINGS.exec(pathname);
  if (settings) {
    const repository = safeDecode(settings[1]!);
    return repository === undefined ? { kind: 'not-found' } : { kind: 'hosted-settings', repository };
  }
  if (!pathname.startsWith('/repository/')) return { kind: 'not-found' };
  const inside = pathname.slice('/repository/'.length);
  const slash = inside.indexOf('/');
  if (slash <= 0) return { kind: 'bad-repository-path', message: MISSING_SLASH_MESSAGE };
  const repository = safeDecode(inside.slice(0, slash));
  const path = safeDecode(inside.slice(slash));
  if (repository === undefined || path === undefined) return { kind: 'not-found' };
  return { kind: 'repository', repository, path };
}

/** What a path inside a PyPI repository asks for. */
export type RepositoryRoute =
  | { kind: 'upload' }
  | { kind: 'root-index' }
  | { kind: 'project-index'; name: string }
  | { kind: 'package'; name: string; version: string; filename: string }
  | { kind: 'not-found' };

/**
 * Routes a request inside a repository. Hosted repositories take `POST /` (exact path); groups and
 * proxies have no POST route at all, so an upload to them falls through to the default 404 handler
 * before any security check, as in PyPiGroupRecipe and PyPiProxyRecipe.
 */
export function routeRepositoryPath(method: string, path: string, type: 'hosted' | 'group' | 'proxy'): RepositoryRoute {
  if (method === 'POST') return type === 'hosted' && path === '/' ? { kind: 'upload' } : { kind: 'not-found' };
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'not-found' };
  if (path === '/simple/') return { kind: 'root-index' };
  // Nexus's pattern is [0-9a-zA-z\._-]+ (the A-z range is a typo in the recipe, kept on purpose).
  const project = /^\/simple\/([0-9A-z._-]+)\/?$/.exec(path);
  if (project) return { kind: 'project-index', name: project[1]! };
  const file = /^\/packages\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (file) return { kind: 'package', name: file[1]!, version: file[2]!, filename: file[3]! };
  return { kind: 'not-found' };
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
