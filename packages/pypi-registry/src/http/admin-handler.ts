/**
 * `/-/admin/*`: this double's control surface for tests (not part of Nexus). Loopback peers only,
 * and a bearer token from `<data>/admin-token`.
 *
 *   GET    /-/admin/faults   current faults
 *   POST   /-/admin/faults   JSON patch, e.g. {"failUploads":{"count":2,"status":503},"delayMs":100}
 *   DELETE /-/admin/faults   clear all faults
 *   GET    /-/admin/uploads  upload log (filename, repository, time, outcome, status, user)
 *   DELETE /-/admin/uploads  clear the upload log
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { checkFaultPatch, type FaultPatch } from './fault-injector';
import type { Reply } from './reply';
import type { RegistryContext } from './registry-context';

const MAX_BODY = 64 * 1024;

export async function handleAdmin(context: RegistryContext, request: IncomingMessage, action: string): Promise<Reply> {
  if (!isLoopback(request.socket.remoteAddress)) return json(403, { error: 'admin endpoints answer loopback clients only' });
  if (!hasToken(request, context.adminToken)) {
    return json(401, { error: 'missing or wrong admin token: send "Authorization: Bearer <contents of <data>/admin-token>"' });
  }
  const method = request.method ?? 'GET';
  if (action === 'faults') {
    if (method === 'GET') return json(200, context.faults.get());
    if (method === 'DELETE') return json(200, context.faults.clear());
    if (method === 'POST') {
      const body = await readJson(request);
      if (!body.ok) return json(400, { error: body.error });
      const problems = checkFaultPatch(body.value);
      if (problems.length > 0) return json(400, { error: 'invalid faults', problems });
      return json(200, context.faults.set(body.value as FaultPatch));
    }
  } else if (action === 'uploads') {
    if (method === 'GET') return json(200, context.uploads.list());
    if (method === 'DELETE') {
      context.uploads.clear();
      return json(200, []);
    }
  } else {
    return json(404, { error: `no admin endpoint ${action}` });
  }
  return json(405, { error: `${method} not allowed on /-/admin/${action}` });
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function hasToken(request: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return false;
  const sent = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

async function readJson(request: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return { ok: false, error: `body larger than ${MAX_BODY} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch (error) {
    return { ok: false, error: `body is not JSON: ${(error as Error).message}` };
  }
}

function json(status: number, value: unknown): Reply {
  return { kind: 'body', status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }, body: JSON.stringify(value) };
}
