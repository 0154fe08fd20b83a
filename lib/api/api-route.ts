import "server-only";
import { requireScope, verifyApiKey, type ApiCaller, type ApiScope } from "../api-keys/verify";
import { corsHeaders, preflightResponse } from "./cors";
import { apiErrorResponse } from "./openai-error";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (caller: ApiCaller, request: Request, context: RouteContext) => Promise<Response>;

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** The caller of an /api/v1 request, from its key, once the key is checked for `scope`. */
export async function apiCaller(request: Request, scope: ApiScope): Promise<ApiCaller> {
  const caller = await verifyApiKey(request.headers.get("authorization"));
  requireScope(caller, scope);
  return caller;
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
      return withHeaders(await handler(await apiCaller(request, scope), request, context), cors);
    } catch (error) {
      return withHeaders(apiErrorResponse(error), cors);
    }
  };
}

/** The OPTIONS handler every /api/v1 route exports. */
export function apiOptions(request: Request): Response {
  return preflightResponse(request);
}
