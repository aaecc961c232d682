// Reading a request body and classifying it as empty, JSON or malformed; each backend reports malformed bodies
// in its own error format.
import type { IncomingMessage } from "node:http";
import { type JsonValue, parseJson } from "./json";

export type RequestBody =
  | { readonly kind: "empty" }
  | { readonly kind: "json"; readonly value: JsonValue }
  | { readonly kind: "malformed"; readonly reason: string };

/** Reads the whole body as UTF-8 text. */
export async function readBodyText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function classifyBody(text: string): RequestBody {
  if (text.trim().length === 0) return { kind: "empty" };
  const parsed = parseJson(text);
  return parsed.ok ? { kind: "json", value: parsed.value } : { kind: "malformed", reason: parsed.reason };
}
