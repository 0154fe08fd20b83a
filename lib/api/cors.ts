import { env } from "../env";

// CORS for /api/v1 is off unless API_CORS_ORIGINS lists origins: API keys belong on servers, and a
// page that calls the API from a browser shows its key to whoever opens it. Listed origins get the
// headers; any other origin gets none, so the browser refuses to hand it the response.

/** The response header the API names the conversation with, and the request header that continues it. */
export const CONVERSATION_HEADER = "flywheel-conversation-id";

const EXPOSED = ["retry-after", "x-request-id", CONVERSATION_HEADER].join(", ");

function allowedOrigin(request: Request): string | null {
  const origin = request.headers.get("origin");
  if (!origin) return null;
  return env().API_CORS_ORIGINS.includes(origin) ? origin : null;
}

/** The CORS headers of a response to `request`; empty unless its origin is listed. */
export function corsHeaders(request: Request): Record<string, string> {
  const origin = allowedOrigin(request);
  if (!origin) return {};
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": EXPOSED,
    vary: "Origin",
  };
}

/** The answer to a preflight (OPTIONS): what a listed origin may send; nothing for any other. */
export function preflightResponse(request: Request): Response {
  const origin = allowedOrigin(request);
  if (!origin) return new Response(null, { status: 204, headers: { vary: "Origin" } });
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(request),
      "access-control-allow-methods": "GET, POST, OPTIONS",
      // The official SDKs send their own x-stainless-* headers: whatever the browser asks for is allowed,
      // as the key (not a cookie) is what authorises the request.
      "access-control-allow-headers":
        request.headers.get("access-control-request-headers") ??
        `authorization, content-type, ${CONVERSATION_HEADER}`,
      "access-control-max-age": "600",
    },
  });
}
