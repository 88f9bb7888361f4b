/**
 * One request from arrival to log line: route, authenticate, authorize, handle, delay (fault),
 * send. The order follows Nexus: path parsing, repository lookup, route matching (so a POST to a
 * group is a 404 before any security check), then security, then the handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { routeRepositoryPath, routeServerPath } from '../core/route-request';
import { handleAdmin } from './admin-handler';
import { describePrincipal, type Principal } from './authenticator';
import { handleRead } from './read-handler';
import { handleHostedSettings } from './settings-handler';
import { sendReply, type Reply } from './reply';
import { drain } from './request-body';
import type { RegistryContext } from './registry-context';
import { handleUpload } from './upload-handler';

/** Receives one line per request: method, path, status, milliseconds, user name. */
export type RequestLogger = (line: string) => void;

export function createRequestHandler(context: RegistryContext, logRequest: RequestLogger, logError: RequestLogger) {
  const handle = handleRequest(context, logRequest, logError);
  // A rejection here would be unhandled and stop the process: close that one connection instead.
  return (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      logError(
        `unexpected error while answering ${request.method} ${safePathname(request.url)} (a bug in pypi-registry): ${(error as Error).stack ?? String(error)}`,
      );
      response.destroy();
    });
  };
}

function handleRequest(context: RegistryContext, logRequest: RequestLogger, logError: RequestLogger) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = request.method ?? 'GET';
    const pathname = safePathname(request.url);
    const state: { principal?: Principal } = {};
    let reply: Reply;
    let delayed = true;
    try {
      const route = routeServerPath(pathname);
      if (route.kind === 'admin') delayed = false;
      reply = route.kind === 'admin' ? await handleAdmin(context, request, route.action) : await dispatch(context, request, route, state);
    } catch (error) {
      logError(`unexpected error on ${method} ${pathname} (a bug in pypi-registry): ${(error as Error).stack ?? String(error)}`);
      reply = { kind: 'error', status: 500 };
    }
    // The body of a request answered without reading it (401, 404 ...) is drained so the client
    // sees the answer instead of a reset while it is still sending.
    if (reply.kind !== 'drop') await drain(request);
    if (delayed && context.faults.delayMs > 0 && reply.kind !== 'drop') await sleep(context.faults.delayMs);
    await sendReply(response, reply, { genericReason: context.genericReason, head: method === 'HEAD' });
    const status = reply.kind === 'drop' ? 'dropped' : String(response.statusCode);
    logRequest(`${method} ${pathname} ${status} ${Math.round(performance.now() - started)}ms ${describePrincipal(state.principal)}`);
  };
}

async function dispatch(
  context: RegistryContext,
  request: IncomingMessage,
  route: Exclude<ReturnType<typeof routeServerPath>, { kind: 'admin' }>,
  state: { principal?: Principal },
): Promise<Reply> {
  if (route.kind === 'not-found') return { kind: 'error', status: 404 };
  if (route.kind === 'hosted-settings') return handleHostedSettings(context, request, route.repository, state);
  if (route.kind === 'bad-repository-path') return { kind: 'error', status: 400, message: route.message };
  const repository = context.repositories.get(route.repository);
  if (!repository) return { kind: 'error', status: 404, message: 'Repository not found' };
  const target = routeRepositoryPath(request.method ?? 'GET', route.path, repository.type);
  if (target.kind === 'not-found') return { kind: 'error', status: 404 };

  const authentication = await context.authenticator.authenticate(request.headers.authorization);
  if (!authentication.ok) {
    if (target.kind === 'upload') recordTurnedAway(context, repository.name, 'unauthorized', 401, '-');
    return { kind: 'challenge' };
  }
  const principal = authentication.principal;
  state.principal = principal;
  const access = context.authenticator.authorize(principal, repository, target.kind === 'upload' ? 'add' : 'read');
  if (access !== 'allowed') {
    if (target.kind === 'upload') {
      const outcome = access === 'challenge' ? 'unauthorized' : 'forbidden';
      recordTurnedAway(context, repository.name, outcome, access === 'challenge' ? 401 : 403, describePrincipal(principal));
    }
    return access === 'challenge' ? { kind: 'challenge' } : { kind: 'error', status: 403 };
  }
  if (target.kind === 'upload') {
    if (repository.type !== 'hosted') return { kind: 'error', status: 404 };
    return handleUpload(context, request, repository, describePrincipal(principal));
  }
  return handleRead(context, request, repository, target);
}

function recordTurnedAway(context: RegistryContext, repository: string, outcome: 'unauthorized' | 'forbidden', status: number, user: string): void {
  context.uploads.record({ filename: null, repository, outcome, status, user });
}

/** The path as sent, without the query; left percent-encoded (routing decodes each part). */
function safePathname(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!;
  return path.startsWith('/') ? path : '/';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
