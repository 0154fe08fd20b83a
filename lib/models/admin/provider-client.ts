import "server-only";

// The few calls Admin → Models makes to a provider itself: list its models, which is also how
// "Test connection" checks the base URL and the key. Every failure becomes one sentence an admin can
// act on; the key is never part of it (nor is the provider's raw answer, which may quote it).

export type ProviderKind = "openai" | "openai-compatible" | "anthropic";

export type ProviderEndpoint = {
  type: ProviderKind;
  /** The API root as stored: https://api.openai.com/v1 for OpenAI, https://api.anthropic.com for Anthropic. */
  baseUrl: string;
  apiKey: string | null;
  headers: Record<string, string>;
};

export type UpstreamModel = { id: string; name: string | null };

/** Which form field a failure points at, so the form can show it there. */
export type ConnectionField = "apiKey" | "baseUrl" | "headers";

export type ConnectionResult =
  { ok: true; models: UpstreamModel[] } | { ok: false; field: ConnectionField; message: string };

/** "Test connection" answers within this time, whatever the provider does. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/** Anthropic's API version header; the models list has not changed shape since it. */
const ANTHROPIC_VERSION = "2023-06-01";
/** Anthropic pages its list (1 to 1000 per page); a few pages cover every account. */
const ANTHROPIC_MAX_PAGES = 5;

function modelsUrl(endpoint: ProviderEndpoint, afterId?: string): string {
  const base = endpoint.baseUrl.replace(/\/+$/, "");
  if (endpoint.type !== "anthropic") return `${base}/models`;
  const url = new URL(`${base}/v1/models`);
  url.searchParams.set("limit", "1000");
  if (afterId) url.searchParams.set("after_id", afterId);
  return url.toString();
}

function requestHeaders(endpoint: ProviderEndpoint): Headers {
  // The admin's extra headers first, so that they cannot replace the key header by accident.
  const headers = new Headers(endpoint.headers);
  headers.set("accept", "application/json");
  if (endpoint.type === "anthropic") {
    headers.set("anthropic-version", ANTHROPIC_VERSION);
    if (endpoint.apiKey) headers.set("x-api-key", endpoint.apiKey);
  } else if (endpoint.apiKey) {
    headers.set("authorization", `Bearer ${endpoint.apiKey}`);
  }
  return headers;
}

function statusFailure(status: number): ConnectionResult {
  if (status === 401) return { ok: false, field: "apiKey", message: "The provider refused the API key." };
  if (status === 403) {
    return {
      ok: false,
      field: "apiKey",
      message: "The provider accepted the API key but does not allow it to list models (HTTP 403).",
    };
  }
  if (status === 404) {
    return {
      ok: false,
      field: "baseUrl",
      message:
        "The provider has no models list at this address (HTTP 404). Check the base URL: it is the API root, e.g. https://api.openai.com/v1.",
    };
  }
  if (status === 429) {
    return {
      ok: false,
      field: "apiKey",
      message: "The provider is rate-limiting this key (HTTP 429). Try again later.",
    };
  }
  if (status >= 500) {
    return {
      ok: false,
      field: "baseUrl",
      message: `The provider had an error (HTTP ${status}). Try again later.`,
    };
  }
  return { ok: false, field: "baseUrl", message: `The provider answered with HTTP ${status}.` };
}

// Node's fetch wraps the socket error in `cause`; its code says what went wrong in words we can use.
function networkFailure(error: unknown, timeoutMs: number): ConnectionResult {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") {
    return {
      ok: false,
      field: "baseUrl",
      message: `The provider did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}.`,
    };
  }
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const code = cause?.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return { ok: false, field: "baseUrl", message: "The provider's host name could not be found (DNS)." };
  }
  if (code === "ECONNREFUSED") {
    return {
      ok: false,
      field: "baseUrl",
      message: "Nothing accepts connections at the base URL's host and port.",
    };
  }
  if (code.startsWith("ERR_TLS") || code.includes("CERT") || code === "EPROTO") {
    return { ok: false, field: "baseUrl", message: "The secure (TLS) connection to the provider failed." };
  }
  const causeMessage = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
  if (causeMessage === "bad port") {
    return {
      ok: false,
      field: "baseUrl",
      message: "This port is on fetch's list of blocked ports (e.g. 1, 25, 6000): use another port.",
    };
  }
  if (/redirect/i.test(causeMessage)) {
    return {
      ok: false,
      field: "baseUrl",
      message: "The provider redirected the request elsewhere: enter the final address as the base URL.",
    };
  }
  if (error instanceof TypeError && /header/i.test(error.message)) {
    return {
      ok: false,
      field: "headers",
      message: "An extra header's name or value is not allowed in HTTP.",
    };
  }
  return { ok: false, field: "baseUrl", message: "Could not connect to the provider." };
}

type Page = { ids: UpstreamModel[]; nextAfter: string | undefined };

function parsePage(type: ProviderKind, body: unknown): Page | undefined {
  if (!body || typeof body !== "object" || !Array.isArray((body as { data?: unknown }).data))
    return undefined;
  const data = (body as { data: unknown[] }).data;
  const ids: UpstreamModel[] = [];
  for (const item of data) {
    if (!item || typeof item !== "object") continue;
    const { id, display_name: displayName } = item as { id?: unknown; display_name?: unknown };
    if (typeof id !== "string" || id.length === 0) continue;
    ids.push({ id, name: typeof displayName === "string" && displayName ? displayName : null });
  }
  const { has_more: hasMore, last_id: lastId } = body as { has_more?: unknown; last_id?: unknown };
  const nextAfter =
    type === "anthropic" && hasMore === true && typeof lastId === "string" ? lastId : undefined;
  return { ids, nextAfter };
}

/**
 * Lists the provider's models: OpenAI and compatible servers `GET {base}/models`, Anthropic
 * `GET {base}/v1/models` (every page). Never throws; answers within `timeoutMs` in total.
 */
export async function listUpstreamModels(
  endpoint: ProviderEndpoint,
  options: { timeoutMs?: number } = {},
): Promise<ConnectionResult> {
  const timeoutMs = options.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const models: UpstreamModel[] = [];
  let afterId: string | undefined;
  for (let page = 0; page < ANTHROPIC_MAX_PAGES; page++) {
    let response: Response;
    try {
      response = await fetch(modelsUrl(endpoint, afterId), {
        headers: requestHeaders(endpoint),
        signal,
        redirect: "error",
        cache: "no-store",
      });
    } catch (error) {
      return networkFailure(error, timeoutMs);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return statusFailure(response.status);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        return networkFailure(error, timeoutMs);
      }
      return {
        ok: false,
        field: "baseUrl",
        message: "The provider's answer is not JSON: is the base URL its API root?",
      };
    }
    const parsed = parsePage(endpoint.type, body);
    if (!parsed) {
      return {
        ok: false,
        field: "baseUrl",
        message: "The provider's answer is not a models list: is the base URL its API root?",
      };
    }
    models.push(...parsed.ids);
    if (!parsed.nextAfter) break;
    afterId = parsed.nextAfter;
  }
  const seen = new Set<string>();
  return { ok: true, models: models.filter((model) => !seen.has(model.id) && seen.add(model.id)) };
}
