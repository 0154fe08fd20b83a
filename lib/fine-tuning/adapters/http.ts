// The one small HTTP layer every fine-tuning adapter calls through: a bounded time per request, the
// caller's AbortSignal honoured, and every failure turned into a FineTuneProviderError with a code the
// poller and the pages understand. The provider's own error message (read in its own shape by
// `describe`) is kept, since it is what an admin needs to read ("Training file has 3 examples...").
import "server-only";
import { FineTuneProviderError, type FineTuneErrorCode } from "./types";

/** Long enough for a slow provider, short enough that a hung one does not hold a poller slot. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Uploads of large files take longer than a JSON call; still bounded. */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

export type ProviderRequest = {
  method: "GET" | "POST" | "DELETE";
  url: string;
  apiKey: string | null;
  /** A JSON body (sent as application/json) or a multipart form. */
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Provider name for messages ("OpenAI", "Together", "Fireworks"). */
  provider: string;
  /** Reads the provider's error body (already parsed when JSON) into one plain sentence, if it can. */
  describe: (body: unknown) => string | null;
};

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function codeFor(status: number): FineTuneErrorCode {
  if (status === 401) return "unauthorized";
  if (status === 403) return "refused";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  return "invalid_input";
}

function fallbackMessage(provider: string, code: FineTuneErrorCode, status: number): string {
  switch (code) {
    case "unauthorized":
      return `${provider} did not accept the API key (HTTP 401): it is missing, wrong or revoked.`;
    case "refused":
      return `${provider} refused the request (HTTP 403).`;
    case "not_found":
      return `${provider} does not know this job, file or model (HTTP 404).`;
    case "rate_limited":
      return `${provider} is rate limiting requests (HTTP 429); Flywheel will try again later.`;
    case "unavailable":
      return `${provider} is unavailable (HTTP ${status}); Flywheel will try again later.`;
    default:
      return `${provider} refused the request (HTTP ${status}).`;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Sends one request and resolves to its parsed JSON body; throws only FineTuneProviderError. */
export async function providerRequest<T = unknown>(request: ProviderRequest): Promise<T> {
  const timeout = AbortSignal.timeout(request.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.apiKey) headers.authorization = `Bearer ${request.apiKey}`;
  let body: string | FormData | undefined;
  if (request.form) body = request.form;
  else if (request.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(request.json);
  }

  let response: Response;
  try {
    response = await fetch(request.url, { method: request.method, headers, body, signal });
  } catch (error) {
    // The caller's own abort is not the provider's fault: let it surface as what it is.
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    const timedOut = timeout.aborted;
    throw new FineTuneProviderError(
      "unavailable",
      timedOut
        ? `${request.provider} did not answer in time; Flywheel will try again later.`
        : `${request.provider} could not be reached (${describeNetworkError(error)}); Flywheel will try again later.`,
    );
  }

  let parsed: unknown;
  try {
    parsed = await readJson(response);
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason ?? error;
    throw new FineTuneProviderError(
      "unavailable",
      `${request.provider} closed the connection mid-answer; Flywheel will try again later.`,
      { status: response.status },
    );
  }
  if (response.ok) return parsed as T;

  const code = codeFor(response.status);
  const said = request.describe(parsed);
  const retryAfterMs = code === "rate_limited" ? parseRetryAfter(response.headers.get("retry-after")) : null;
  const base = fallbackMessage(request.provider, code, response.status);
  // A 5xx body is rarely useful to an admin; a 4xx one is the actual reason.
  const message = said && code !== "unavailable" ? `${request.provider}: ${said}` : base;
  throw new FineTuneProviderError(code, message, { status: response.status, retryAfterMs });
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause && typeof cause.code === "string") return cause.code;
  if (cause && typeof cause.message === "string") return cause.message;
  return error instanceof Error ? error.message : "network error";
}

/** What a call adds to its method and path: a body, the caller's signal, a longer timeout. */
export type CallExtras = { json?: unknown; form?: FormData; signal?: AbortSignal; timeoutMs?: number };

/**
 * One provider's requests, each relative to the account's base URL with the account's key, errors
 * read by the provider's own `describe`: what every adapter calls its service through.
 */
export function providerCaller(provider: string, describe: ProviderRequest["describe"]) {
  return <T>(
    credentials: { baseUrl: string; apiKey: string | null },
    method: "GET" | "POST",
    path: string,
    extra: CallExtras = {},
  ) =>
    providerRequest<T>({
      method,
      url: joinUrl(credentials.baseUrl, path),
      apiKey: credentials.apiKey,
      provider,
      describe,
      ...extra,
    });
}

/** Joins a base URL (with or without a trailing slash) and a path. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
