import { requestActor } from "@/lib/auth/session-token";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { isSameOriginRequest } from "@/lib/http/same-origin";
import { resumeAnswer } from "@/lib/chat/live/resume-answer";
import { UI_STREAM_HEADERS } from "@/lib/chat/ui-message-stream";
import { assertAcceptingWork } from "@/lib/ops/draining";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * An answer again, as the chat's stream: the text so far, then live until it ends (a reload, another
 * tab, or a browser whose stream broke). Works on any instance: lib/chat/live/resume-answer.ts.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    // A restarting instance sends the browser elsewhere (503 + Retry-After; nginx retries it).
    assertAcceptingWork();
    if (!isSameOriginRequest(request.headers, env().AUTH_URL)) {
      throw new AppError("FORBIDDEN", "This request did not come from this site.");
    }
    const { id } = await params;
    const stream = await resumeAnswer(await requestActor(request), { messageId: id });
    return new Response(stream, { headers: UI_STREAM_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
