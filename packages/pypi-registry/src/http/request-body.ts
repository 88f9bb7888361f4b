/**
 * What happens to a request body: fed to a parser, or drained unread. Either way the request is
 * never destroyed for a client's mistake, so the answer goes out on a connection that stays in
 * step (keep-alive included) instead of hanging.
 */
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';

/**
 * Pipes the body into `parser`. Resolves when the parser has taken all of it; rejects with the
 * first error of either side. On a parser error the body is unpiped and left for `drain`.
 *
 * Not `stream.pipeline`: on an error it destroys a server request after detaching its socket, so
 * the rest of the body is never read. The socket then stops reading (a large upload stalls the
 * connection), and `drain` would wait for a 'close' that has already been emitted.
 */
export function feedBody(request: IncomingMessage, parser: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      // A parser may emit more than one error (busboy emits, then is destroyed): keep listening.
      if (settled) return;
      settled = true;
      request.unpipe(parser);
      // Destroying the parser ends any part still streaming, so its consumer settles too.
      parser.destroy(error);
      reject(error);
    };
    parser.on('error', fail);
    parser.on('finish', () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    request.on('error', fail);
    // A client that goes away mid-body: Node reports 'aborted' and closes without an 'end'.
    request.on('close', () => {
      if (!request.readableEnded) fail(new Error('the client closed the connection before the body ended'));
    });
    request.pipe(parser);
  });
}

/** Consumes a body that will not be parsed, so the client can read the response on the same connection. */
export function drain(request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    // A destroyed request has already emitted (or is about to emit) its last event: waiting for
    // one would never end.
    if (request.readableEnded || request.destroyed) return resolve();
    request.on('end', resolve);
    request.on('close', resolve);
    request.on('error', () => resolve());
    request.resume();
  });
}
