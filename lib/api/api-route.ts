import "server-only";
import { env } from "../env";
import { readBodyText } from "../http/read-body";
import { requireScope, verifyApiKey, type ApiCaller, type ApiScope } from "../api-keys/verify";
import { ApiError } from "./api-error";
import { corsHeaders, preflightResponse } from "./cors";
import { apiErrorResponse } from "./openai-error";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (caller: ApiCaller, request: Request, context: RouteContext) => Promise<Response>;

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/**
 * A route handler of /api/v1: the key is verified (and its scope checked) before anything else, every
 * error leaves in OpenAI's shape, and listed origins get CORS headers. Session cookies play no part:
 * only the key authorises, so no cross-site request can act for a signed-in browser.
 */
export function apiRoute(scope: ApiScope, handler: Handler) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const cors = corsHeaders(request);
    try {
      const caller = await verifyApiKey(request.headers.get("authorization"));
      requireScope(caller, scope);
      return withHeaders(await handler(caller, request, context), cors);
    } catch (error) {
      return withHeaders(apiErrorResponse(error), cors);
    }
  };
}

/** The OPTIONS handler every /api/v1 route exports. */
export function apiOptions(request: Request): Response {
  return preflightResponse(request);
}

/**
 * A request's JSON body, counted while it streams in: 413 past API_MAX_BODY_BYTES (nothing kept
 * beyond it), 400 when it is not JSON or not an object. The content type is not checked: a key, not a
 * cookie, authorises the call, so a cross-site form gains nothing, and `curl -d` works as with OpenAI.
 */
export async function readApiJson(request: Request): Promise<Record<string, unknown>> {
  const max = env().API_MAX_BODY_BYTES;
  const text = await readBodyText(
    request,
    max,
    `The request body is larger than the limit of ${max.toLocaleString("en-US")} bytes.`,
  );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(
      "VALIDATION",
      "We could not parse the JSON body of your request. Send a valid JSON object.",
      null,
      "invalid_json",
    );
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError("VALIDATION", "The request body must be a JSON object.", null, "invalid_json");
  }
  return body as Record<string, unknown>;
}
