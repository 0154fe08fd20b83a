import { readJsonRequest } from "@/lib/http/json-request";
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
    // Origin, content type and caller are checked before the body is read (lib/http/json-request.ts).
    const { actor, body } = await readJsonRequest(request, {
      maxBytes: MAX_BODY_BYTES,
      tooLarge: "This message is too long to send.",
    });
    const turn = await prepareTurn(actor, body);
    return new Response(streamTurn(turn), { headers: UI_STREAM_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
