import "server-only";
import { open, seal } from "../../crypto/secret-box";

import { API_KEY_PURPOSE, HEADERS_PURPOSE } from "../provider-secrets";

export { API_KEY_PURPOSE, HEADERS_PURPOSE };

/** What a page or an audit entry may show of a key: its last 4 characters. */
export function maskKey(last4: string): string {
  return last4 ? `••••${last4}` : "";
}

export function keyLast4(key: string): string {
  return key.slice(-4);
}

export function sealApiKey(key: string): string {
  return seal(key, API_KEY_PURPOSE);
}

export function sealHeaders(headers: Record<string, string>): string {
  return seal(JSON.stringify(headers), HEADERS_PURPOSE);
}

export function openApiKey(sealed: string | null): string | null {
  return sealed ? open(sealed, API_KEY_PURPOSE) : null;
}

export function openHeaders(sealed: string | null): Record<string, string> {
  if (!sealed) return {};
  const parsed = JSON.parse(open(sealed, HEADERS_PURPOSE)) as unknown;
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return {};
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}
