import { requestActor } from "@/lib/auth/session-token";
import { readJsonBody } from "@/lib/errors/read-json";
import { errorResponse } from "@/lib/errors/http";
import { prepareTurn } from "@/lib/chat/prepare-turn";
import { streamTurn } from "@/lib/chat/stream-turn";
import { UI_STREAM_HEADERS } from "@/lib/chat/ui-message-stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Room for a 32,000-character message in JSON with every character escaped, and nothing more.
const MAX_BODY_BYTES = 512 * 1024;

/** Streams one answer: a new message, an edit (a new branch) or a regenerated answer. */
export async function POST(request: Request) {
  try {
    const turn = await prepareTurn(
      await requestActor(request),
      await readJsonBody(request, MAX_BODY_BYTES, "This message is too long to send."),
    );
    return new Response(streamTurn(turn), { headers: UI_STREAM_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
