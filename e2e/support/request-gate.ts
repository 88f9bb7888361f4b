import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A TLS reverse proxy in front of the local registry that holds chosen requests until the test
 * lets them through: concurrent publish runs then interleave in an order the test constructs,
 * not in whatever order process start-up and scheduling happen to give. It presents the
 * registry's own leaf certificate, so clients trust it with the same CA chain.
 */
export interface GatedRequest {
  /** The Basic-auth user name (each agent publishes as its own user), or '-' without credentials. */
  agent: string;
  method: string;
  /** The path, without the query. */
  path: string;
  /** An upload's file name (the multipart content part's filename). */
  filename?: string;
  /** 1-based: how many requests with this agent, method, path and filename have arrived, this one included. */
  nth: number;
  /** The registry's answer, once answered. */
  status?: number;
}

export type RequestMatch = (request: GatedRequest) => boolean;

export interface RequestGate {
  /** `https://127.0.0.1:<port>`: use in place of the registry's origin. */
  origin: string;
  /** Holds every request matching `match` (before it reaches the registry) until `until` settles. */
  hold(match: RequestMatch, until: Promise<unknown>): void;
  /** Resolves once the registry has answered a request matching `match` (also one answered earlier). */
  answered(match: RequestMatch): Promise<GatedRequest>;
  /** Every answered request, in the order the registry answered them. */
  log(): GatedRequest[];
  /** Holds that were let through by the safety timeout instead of their condition: a test must see none. */
  timedOut(): string[];
  /** Forgets holds, answered requests and counts, as between tests (requests already held stay held until their condition). */
  reset(): void;
  close(): Promise<void>;
}

export interface GateOptions {
  /** The registry's port on 127.0.0.1. */
  port: number;
  /** PEM files: the registry's leaf key, its leaf + intermediate chain, and a CA bundle to trust it with. */
  leafKey: string;
  leafChain: string;
  caBundle: string;
  /** A hold still waiting after this long is let through and reported by timedOut(). Default 90 s. */
  holdTimeoutMs?: number;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'];

export async function startRequestGate(options: GateOptions): Promise<RequestGate> {
  const ca = readFileSync(options.caBundle);
  const holdTimeoutMs = options.holdTimeoutMs ?? 90_000;
  let holds: Array<{ match: RequestMatch; until: Promise<unknown> }> = [];
  const counts = new Map<string, number>();
  const answeredLog: GatedRequest[] = [];
  const waiters: Array<{ match: RequestMatch; resolve: (r: GatedRequest) => void }> = [];
  const timedOut: string[] = [];

  const describe = (r: GatedRequest) => `${r.agent} ${r.method} ${r.path}${r.filename ? ` ${r.filename}` : ''} #${r.nth}`;
  const markAnswered = (r: GatedRequest) => {
    answeredLog.push(r);
    for (const waiter of waiters.filter((w) => w.match(r))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(r);
    }
  };

  const waitForHolds = async (r: GatedRequest) => {
    const pending = holds.filter((h) => h.match(r)).map((h) => h.until);
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), holdTimeoutMs)));
    const result = await Promise.race([Promise.all(pending).then(() => 'released' as const), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') timedOut.push(describe(r));
  };

  const handle = async (incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = incoming.method ?? 'GET';
    const path = (incoming.url ?? '/').split('?')[0]!;
    const filename = method === 'POST' ? /filename="([^"]+)"/.exec(body.toString('latin1'))?.[1] : undefined;
    const agent = basicUser(incoming.headers.authorization);
    const key = `${agent} ${method} ${path} ${filename ?? ''}`;
    const nth = (counts.get(key) ?? 0) + 1;
    counts.set(key, nth);
    const gated: GatedRequest = { agent, method, path, filename, nth };
    await waitForHolds(gated);

    const headers: IncomingHttpHeaders = { ...incoming.headers, host: `127.0.0.1:${options.port}` };
    for (const name of HOP_BY_HOP) delete headers[name];
    if (body.length > 0 || method === 'POST' || method === 'PUT') headers['content-length'] = String(body.length);
    const upstream = request({ hostname: '127.0.0.1', port: options.port, method, path: incoming.url, headers, ca, agent: false }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.includes(name)) out[name] = value;
      const parts: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => parts.push(chunk));
      answer.on('end', () => {
        gated.status = answer.statusCode;
        markAnswered(gated);
        const data = Buffer.concat(parts);
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, { ...out, 'content-length': String(data.length) });
        response.end(method === 'HEAD' ? undefined : data);
      });
      answer.on('error', () => response.destroy());
    });
    upstream.on('error', () => response.destroy());
    upstream.end(body);
  };

  const server = createServer({ key: readFileSync(options.leafKey), cert: readFileSync(options.leafChain) }, (incoming, response) => {
    handle(incoming, response).catch(() => response.destroy());
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    origin: `https://127.0.0.1:${port}`,
    hold: (match, until) => void holds.push({ match, until }),
    answered: (match) => {
      const earlier = answeredLog.find(match);
      return earlier ? Promise.resolve(earlier) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    log: () => answeredLog.map((r) => ({ ...r })),
    timedOut: () => [...timedOut],
    reset: () => {
      holds = [];
      answeredLog.length = 0;
      counts.clear();
      timedOut.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function basicUser(authorization: string | undefined): string {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return '-';
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  return decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
}
