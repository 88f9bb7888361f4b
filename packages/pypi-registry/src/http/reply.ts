/**
 * What a handler answers, and how it goes on the wire with Nexus's headers and error page.
 */
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { renderErrorPage, renderReasonPhrase, standardReason } from '../core/error-page';

export type Reply =
  /** A Nexus error: the message is the reason phrase and the page's content-section. */
  | { kind: 'error'; status: number; message?: string }
  /** 401 with Nexus's Basic challenge and an empty body (Shiro sendChallenge). */
  | { kind: 'challenge' }
  | { kind: 'body'; status: number; headers: Record<string, string>; body: string | Buffer }
  | { kind: 'file'; status: number; headers: Record<string, string>; path: string; start: number; end: number }
  /** Close the connection without answering (fault injection). */
  | { kind: 'drop' };

export const BASIC_CHALLENGE = 'BASIC realm="Sonatype Nexus Repository Manager"';

/** Headers ViewServlet puts on every /repository/* response. */
const COMMON_HEADERS: Record<string, string> = {
  Server: 'Nexus/3.77.1-01 (COMMUNITY)',
  'X-Content-Type-Options': 'nosniff',
  'X-XSS-Protection': '1; mode=block',
  'Content-Security-Policy': 'sandbox allow-forms allow-modals allow-popups allow-presentation allow-scripts allow-top-navigation',
};

export interface SendOptions {
  /** Send the standard reason phrase instead of the message, as HTTP/2 or a rewriting proxy would. */
  genericReason: boolean;
  /** HEAD: headers only. */
  head: boolean;
}

/** Writes a reply. Resolves when the response is finished (or the socket is gone). */
export function sendReply(response: ServerResponse, reply: Reply, options: SendOptions): Promise<void> {
  const done = new Promise<void>((resolve) => {
    response.on('finish', resolve);
    response.on('close', resolve);
  });
  switch (reply.kind) {
    case 'drop':
      response.socket?.destroy();
      response.destroy();
      break;
    case 'challenge':
      response.writeHead(401, standardReason(401), {
        ...COMMON_HEADERS,
        'WWW-Authenticate': BASIC_CHALLENGE,
        'Content-Length': '0',
      });
      response.end();
      break;
    case 'error': {
      const page = Buffer.from(renderErrorPage(reply.status, reply.message));
      const reason = options.genericReason ? standardReason(reply.status) : renderReasonPhrase(reply.status, reply.message);
      response.writeHead(reply.status, reason, {
        ...COMMON_HEADERS,
        'Content-Type': 'text/html',
        'Cache-Control': 'no-cache, no-store, max-age=0, must-revalidate, post-check=0, pre-check=0',
        Pragma: 'no-cache',
        Expires: '0',
        'Content-Length': String(page.length),
      });
      response.end(options.head ? undefined : page);
      break;
    }
    case 'body': {
      const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
      response.writeHead(reply.status, { ...COMMON_HEADERS, ...reply.headers, 'Content-Length': String(body.length) });
      response.end(options.head || reply.status === 304 ? undefined : body);
      break;
    }
    case 'file': {
      const length = reply.end - reply.start + 1;
      response.writeHead(reply.status, { ...COMMON_HEADERS, ...reply.headers, 'Content-Length': String(Math.max(length, 0)) });
      if (options.head || length <= 0) {
        response.end();
        break;
      }
      const stream = createReadStream(reply.path, { start: reply.start, end: reply.end });
      stream.on('error', () => response.destroy());
      stream.pipe(response);
      break;
    }
  }
  return done;
}
