/**
 * HTTP/1.1 at the socket level, for what fetch cannot do: several requests written at once on
 * one connection (pipelining, RFC 9112 §9.3.2), and the answers read back in order, however many
 * arrive before the server closes the connection or stops answering.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A request as it goes on the wire; `Host` is added, and the body sets Content-Length. */
export function rawRequest(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body ?? Buffer.alloc(0)]);
}

/** One response from the front of `data`, with how many bytes it took; null while incomplete. */
function parseOne(data: Buffer, headOnly: boolean): { response: RawResponse; used: number } | null {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...fields] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
  }
  const status = Number(statusLine!.split(' ')[1]);
  let at = end + 4;
  if (headOnly || status === 204 || status === 304) return { response: { status, headers, body: Buffer.alloc(0) }, used: at };
  if (headers['transfer-encoding']?.includes('chunked')) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
      if (data.length < lineEnd + 2 + size + 2) return null;
      parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
      if (size === 0) return { response: { status, headers, body: Buffer.concat(parts) }, used: at };
    }
  }
  const length = Number(headers['content-length'] ?? 0);
  if (data.length < at + length) return null;
  return { response: { status, headers, body: data.subarray(at, at + length) }, used: at + length };
}

/**
 * Writes `requests` in one go on one connection and collects the responses, in order, until
 * every request has its answer or the server closes the connection (a dropped request shows as
 * fewer responses). `heads` marks the requests that are HEAD (their responses have no body).
 */
export function pipeline(port: number, requests: Buffer[], heads: boolean[] = []): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    const responses: RawResponse[] = [];
    let data = Buffer.alloc(0);
    const socket = net.connect(port, '127.0.0.1', () => socket.write(Buffer.concat(requests)));
    const finish = () => {
      socket.destroy();
      resolve(responses);
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      for (;;) {
        const parsed = parseOne(data, heads[responses.length] ?? false);
        if (!parsed) break;
        responses.push(parsed.response);
        data = data.subarray(parsed.used);
      }
      if (responses.length === requests.length) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? finish() : reject(err)));
  });
}
