/**
 * The client's address for sign-in limits and the audit log. Express takes it from
 * X-Forwarded-For only when the peer is a proxy harbor.yml trusts (http.trusted_proxies); a
 * header value that is not an address at all (garbage, or too long for the audit column) is
 * ignored in favour of the peer's own address.
 */
import { isIP } from 'node:net';
import type { Request } from 'express';

export function clientIp(req: Request): string | null {
  // Node clears req.socket once the request has failed (req.ip reads it too): no address then.
  if (!(req.socket as Request['socket'] | null)) return null;
  const forwarded = req.ip;
  if (forwarded && isIP(forwarded)) return forwarded;
  return req.socket.remoteAddress ?? null;
}
