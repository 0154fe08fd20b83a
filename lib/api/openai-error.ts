import { knownAppError } from "../errors/known-errors";
import { nextMonthStart } from "../usage/month";
import { ApiError, paramFromFieldKey } from "./api-error";

// Every error of /api/v1 in OpenAI's shape, {"error":{"message","type","param","code"}} with all four
// keys, so the official SDKs raise their usual classes (AuthenticationError, RateLimitError, …).

type Body = { message: string; type: string; param: string | null; code: string | null };

const TYPES: Partial<Record<string, { type: string; code: string | null }>> = {
  UNAUTHENTICATED: { type: "invalid_request_error", code: "invalid_api_key" },
  FORBIDDEN: { type: "permission_error", code: "permission_denied" },
  NOT_FOUND: { type: "invalid_request_error", code: "not_found" },
  VALIDATION: { type: "invalid_request_error", code: null },
  CONFLICT: { type: "invalid_request_error", code: "conflict" },
  PAYLOAD_TOO_LARGE: { type: "invalid_request_error", code: "request_too_large" },
  UNSUPPORTED_MEDIA_TYPE: { type: "invalid_request_error", code: "unsupported_media_type" },
  RATE_LIMITED: { type: "rate_limit_error", code: "rate_limit_exceeded" },
  BUDGET_EXCEEDED: { type: "insufficient_quota", code: "insufficient_quota" },
  UPSTREAM_FAILED: { type: "server_error", code: "upstream_error" },
  UPSTREAM_TIMEOUT: { type: "server_error", code: "upstream_timeout" },
};

function secondsUntilNextMonth(now = new Date()): number {
  const next = Date.parse(`${nextMonthStart(now)}T00:00:00Z`);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/** The JSON body and status of an error, and the headers it needs (retry-after). */
export function describeApiError(thrown: unknown): {
  status: number;
  body: Body;
  headers: Record<string, string>;
} {
  const headers: Record<string, string> = {};
  // Also a database that went away (a restart): a 503 with Retry-After, which the SDKs retry.
  const error = knownAppError(thrown);
  if (error) {
    const kind = TYPES[error.code] ?? { type: "server_error", code: null };
    const fieldKey = error.fieldErrors ? Object.keys(error.fieldErrors)[0] : undefined;
    const param = error instanceof ApiError ? error.param : fieldKey ? paramFromFieldKey(fieldKey) : null;
    let retryAfter = error.retryAfterSeconds;
    if (error.code === "BUDGET_EXCEEDED") {
      retryAfter ??= secondsUntilNextMonth();
      // Retrying within the month cannot succeed: the official SDKs honour this header.
      headers["x-should-retry"] = "false";
    }
    if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
    return {
      status: error.status,
      body: {
        message: error.message,
        type: kind.type,
        param,
        code: (error instanceof ApiError ? error.apiCode : null) ?? kind.code,
      },
      headers,
    };
  }
  console.error("Unexpected error in the API:", thrown);
  return {
    status: 500,
    body: {
      message: "The server had an error while processing your request. Please try again.",
      type: "server_error",
      param: null,
      code: null,
    },
    headers,
  };
}

export function apiErrorResponse(error: unknown): Response {
  const { status, body, headers } = describeApiError(error);
  return Response.json({ error: body }, { status, headers });
}
