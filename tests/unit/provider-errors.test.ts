import { APICallError, RetryError } from "ai";
import { describe, expect, it } from "vitest";
import { describeProviderError, retryAfterSeconds } from "@/lib/ai/provider-errors";

function apiError(statusCode: number | undefined, headers: Record<string, string> = {}, cause?: unknown) {
  return new APICallError({
    message: "upstream said: invalid key sk-abc at https://internal.example/v1",
    url: "https://internal.example/v1/chat/completions",
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    responseBody: '{"error":{"message":"secret details"}}',
    cause,
  });
}

describe("describeProviderError", () => {
  it.each([401, 403])("explains rejected credentials (%i)", (status) => {
    expect(describeProviderError(apiError(status))).toEqual({
      status,
      message:
        "The model provider rejected Flywheel's credentials. Ask your administrator to check the API key.",
    });
  });

  it("explains rate limiting with the retry-after seconds", () => {
    expect(describeProviderError(apiError(429, { "retry-after": "17" }))).toEqual({
      status: 429,
      retryAfterSeconds: 17,
      message: "The model provider is rate-limiting requests. Try again in 17 s.",
    });
  });

  it("defaults to 30 s when no retry-after is given", () => {
    expect(describeProviderError(apiError(429))).toMatchObject({ retryAfterSeconds: 30 });
    expect(describeProviderError(apiError(429, { "retry-after": "soon" }))).toMatchObject({
      retryAfterSeconds: 30,
    });
  });

  it.each([500, 502, 503])("explains a provider failure (%i)", (status) => {
    expect(describeProviderError(apiError(status))).toEqual({
      status,
      message: `The model provider had an error (HTTP ${status}). Try again.`,
    });
  });

  it("unwraps the SDK's RetryError and cause chains", () => {
    const last = apiError(429, { "retry-after-ms": "2500" });
    const retry = new RetryError({
      message: "Failed after 3 attempts",
      reason: "maxRetriesExceeded",
      errors: [apiError(500), last],
    });
    expect(describeProviderError(retry)).toMatchObject({ status: 429, retryAfterSeconds: 3 });
    expect(describeProviderError(new Error("step failed", { cause: retry }))).toMatchObject({ status: 429 });
  });

  it("recognises timeouts, also streamText's abort reason text", () => {
    const inTime = { timeout: true, message: "The model provider did not answer in time." };
    expect(describeProviderError("TimeoutError: First chunk timeout of 60000ms exceeded")).toEqual(inTime);
    const timeout = new DOMException("Chunk timeout of 60000ms exceeded", "TimeoutError");
    expect(describeProviderError(timeout)).toEqual(inTime);
    expect(describeProviderError(apiError(408))).toMatchObject(inTime);
    const connectTimeout = Object.assign(new Error("Connect Timeout Error"), {
      code: "UND_ERR_CONNECT_TIMEOUT",
    });
    expect(describeProviderError(apiError(undefined, {}, connectTimeout)).message).toBe(
      "The model provider did not answer in time.",
    );
  });

  it("recognises refused connections and streams cut after a 200", () => {
    const refused = apiError(
      undefined,
      {},
      Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      }),
    );
    expect(describeProviderError(refused)).toEqual({
      message: "The connection to the model provider was interrupted.",
    });
    const socket = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const cut = apiError(200, {}, new TypeError("terminated", { cause: socket }));
    expect(describeProviderError(cut)).toEqual({
      message: "The connection to the model provider was interrupted.",
    });
  });

  it("never repeats the provider's text, and is generic for the unknown", () => {
    const described = describeProviderError(apiError(400));
    expect(described).toEqual({ status: 400, message: "The model provider refused the request (HTTP 400)." });
    expect(JSON.stringify(described)).not.toMatch(/sk-abc|internal\.example|secret/);
    expect(describeProviderError(new Error("something odd: sk-abc"))).toEqual({
      message: "The model could not answer. Try again.",
    });
    expect(describeProviderError("a string")).toEqual({ message: "The model could not answer. Try again." });
    expect(describeProviderError(undefined)).toEqual({ message: "The model could not answer. Try again." });
  });
});

describe("retryAfterSeconds", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    [{ "retry-after": "5" }, 5],
    [{ "Retry-After": "2.2" }, 3],
    [{ "retry-after": "0" }, 1],
    [{ "retry-after-ms": "1500", "retry-after": "9" }, 2],
    [{ "retry-after": "Thu, 01 Jan 2026 00:00:42 GMT" }, 42],
    [{ "retry-after": "Wed, 31 Dec 2025 23:00:00 GMT" }, 1],
    [{ "retry-after": "999999" }, 86_400],
    [{}, undefined],
    [undefined, undefined],
  ])("%j → %s", (headers, seconds) => {
    expect(retryAfterSeconds(headers, now)).toBe(seconds);
  });
});
