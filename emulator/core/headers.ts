// Request-header helpers shared by the backends: one value of a header, and the token of a Bearer authorization.
import type { IncomingHttpHeaders } from "node:http";

/** The value of header `name` (lowercase), the first one when it was sent several times. */
export function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of `Authorization: Bearer <token>`, or undefined when the header is absent or not of that form. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(singleHeader(headers, "authorization") ?? "");
  return match?.[1];
}
