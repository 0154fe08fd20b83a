import { APICallError, RetryError } from "ai";

export type ProviderErrorDescription = {
  message: string;
  retryAfterSeconds?: number;
  status?: number;
  /** The provider did not answer in time (the public API answers 504 rather than 502). */
  timeout?: boolean;
};

const DEFAULT_RETRY_AFTER_SECONDS = 30;

// The AI SDK wraps what went wrong: RetryError keeps the last attempt's error, APICallError keeps the
// network error as `cause`, undici keeps the socket error as `cause` of "terminated".
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    if (RetryError.isInstance(current)) current = current.lastError;
    else if (current instanceof Error) current = current.cause;
    else break;
  }
  return chain;
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key]?.trim();
}

/** Seconds to wait from `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function retryAfterSeconds(
  headers: Record<string, string> | undefined,
  now = Date.now(),
): number | undefined {
  const clamp = (seconds: number) => Math.min(86_400, Math.max(1, Math.ceil(seconds)));
  const ms = Number(header(headers, "retry-after-ms"));
  if (header(headers, "retry-after-ms") && Number.isFinite(ms) && ms >= 0) return clamp(ms / 1000);
  const value = header(headers, "retry-after");
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return clamp(Number(value));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : clamp((date - now) / 1000);
}

const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

const codeOf = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";

// Strings count too: streamText reports its own timeouts as an `abort` part whose `reason` is text
// ("TimeoutError: First chunk timeout of 60000ms exceeded"), not as an error.
const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : typeof error === "string" ? error : "";

function isTimeout(error: unknown): boolean {
  return (
    (error instanceof Error && error.name === "TimeoutError") ||
    TIMEOUT_CODES.has(codeOf(error)) ||
    /\btime(d)? ?out/i.test(messageOf(error))
  );
}

function isNetwork(error: unknown): boolean {
  if (APICallError.isInstance(error) && error.statusCode === undefined) return true; // could not connect
  return (
    NETWORK_CODES.has(codeOf(error)) ||
    /\b(terminated|fetch failed|failed to fetch|socket|other side closed|premature close|network)\b/i.test(
      messageOf(error),
    )
  );
}

/**
 * What to tell the user when a model call fails. Never the provider's own text or URL: it is not
 * written for end users and can reveal internal details (endpoints, organisation ids, keys' prefixes).
 */
export function describeProviderError(error: unknown): ProviderErrorDescription {
  const chain = causeChain(error);
  // A stream that breaks after a 200 is reported as an APICallError with status 200: not an HTTP error.
  const api = chain.find((e): e is APICallError => APICallError.isInstance(e) && (e.statusCode ?? 0) >= 400);
  if (api) {
    const status = api.statusCode!;
    if (status === 401 || status === 403) {
      return {
        status,
        message:
          "The model provider rejected Flywheel's credentials. Ask your administrator to check the API key.",
      };
    }
    if (status === 429) {
      const seconds = retryAfterSeconds(api.responseHeaders) ?? DEFAULT_RETRY_AFTER_SECONDS;
      return {
        status,
        retryAfterSeconds: seconds,
        message: `The model provider is rate-limiting requests. Try again in ${seconds} s.`,
      };
    }
    if (status === 408)
      return { status, timeout: true, message: "The model provider did not answer in time." };
    if (status >= 500)
      return { status, message: `The model provider had an error (HTTP ${status}). Try again.` };
    if (status === 404) {
      return {
        status,
        message:
          "The model provider does not offer this model. Ask your administrator to check the model list.",
      };
    }
    return { status, message: `The model provider refused the request (HTTP ${status}).` };
  }
  if (chain.some(isTimeout)) return { timeout: true, message: "The model provider did not answer in time." };
  if (chain.some(isNetwork)) return { message: "The connection to the model provider was interrupted." };
  return { message: "The model could not answer. Try again." };
}
