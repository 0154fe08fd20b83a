import "server-only";
import { requestActor } from "../auth/session-token";
import { env } from "../env";
import { AppError } from "../errors/app-error";
import { readJsonBody } from "../errors/read-json";
import { isJsonContentType, isSameOriginRequest } from "./same-origin";

export type JsonRequest = { actor: { userId: string }; body: unknown };

/**
 * The one way a route handler takes a JSON body from a signed-in browser, in an order that costs an
 * attacker the most and us the least: a request from another site is refused (403), a body that is
 * not declared as JSON is refused (415: a cross-site form can send text/plain, never JSON), an
 * anonymous caller is refused (401) — all before a byte of the body is read — and only then is the
 * body read, through a byte counter that stops at `maxBytes` (413).
 */
export async function readJsonRequest(
  request: Request,
  { maxBytes, tooLarge }: { maxBytes: number; tooLarge?: string },
): Promise<JsonRequest> {
  if (!isSameOriginRequest(request.headers, env().AUTH_URL)) {
    throw new AppError("FORBIDDEN", "This request did not come from this site.");
  }
  if (!isJsonContentType(request.headers)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the request as application/json.");
  }
  const actor = await requestActor(request);
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  return { actor, body: await readJsonBody(request, maxBytes, tooLarge) };
}
