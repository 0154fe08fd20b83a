import { requestActor } from "@/lib/auth/session-token";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { isSameOriginRequest } from "@/lib/http/same-origin";
import { availableModels } from "@/lib/models/available-models";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The models the signed-in user may pick and the default for new chats, as the registry has them now
 * (it changes without a restart: lib/models/registry.ts). Names, limits and prices only; no URLs or keys.
 */
export async function GET(request: Request) {
  try {
    if (!isSameOriginRequest(request.headers, env().AUTH_URL)) {
      throw new AppError("FORBIDDEN", "This request did not come from this site.");
    }
    const list = await availableModels(await requestActor(request));
    return Response.json(list, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
