/**
 * A cap on the connections one client address holds open at once (http.max_connections_per_address).
 * Without it, one host can open thousands of connections that each send headers and wait, and
 * hold memory and file descriptors that every other client needs. Sockets are counted as they
 * are accepted, before any request is read; the one over the cap gets a plain 429 and is closed.
 *
 * A trusted reverse proxy is not counted: all of its clients share its address, and it sets its
 * own limits per client.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionLimit {
  /** Connections allowed per address; 0 means no limit. */
  perAddress: number;
  /** Whether a peer address is a trusted proxy (Express's compiled `trust proxy`). */
  trusted: (address: string) => boolean;
}

const BODY = JSON.stringify({ errors: [{ code: 'TOO_MANY_REQUEST', message: 'Too many connections from this address; close some and try again.' }] });
const REFUSAL = [
  'HTTP/1.1 429 Too Many Requests',
  'Content-Type: application/json; charset=utf-8',
  `Content-Length: ${Buffer.byteLength(BODY)}`,
  'Retry-After: 1',
  // Written before the app sees the socket, so it carries by hand what app.ts sets on every response.
  'X-Content-Type-Options: nosniff',
  'Connection: close',
  '',
  BODY,
].join('\r\n');

/** How long a refused client may take to read the refusal before its socket is destroyed. */
const REFUSAL_LINGER_MS = 5_000;

function refuse(socket: Socket, plainHttp: boolean): void {
  if (!plainHttp) {
    // A TLS socket has not shaken hands yet: nothing readable can be written to it.
    socket.destroy();
    return;
  }
  // Read and drop what the client sends, so closing does not reset the connection before the
  // refusal is read; and never wait on it for long.
  socket.on('error', () => undefined);
  socket.setTimeout(REFUSAL_LINGER_MS, () => socket.destroy());
  socket.resume();
  socket.end(REFUSAL);
}

/**
 * Counts each accepted socket against its address; `plainHttp` says whether a refusal can be
 * written. Node's own 'connection' listeners (the HTTP parser, TLS) are taken over and run only
 * for sockets within the cap, so a refused socket is never parsed or answered by the app.
 */
export function limitConnections(server: Server, limit: ConnectionLimit, plainHttp: boolean): void {
  if (limit.perAddress <= 0) return;
  const open = new Map<string, number>();
  const serve = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address && !limit.trusted(address)) {
      const count = open.get(address) ?? 0;
      if (count >= limit.perAddress) {
        refuse(socket, plainHttp);
        return;
      }
      open.set(address, count + 1);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
    }
    for (const listener of serve) listener.call(server, socket);
  });
}
