import { readJsonRequest } from "@/lib/http/json-request";
import { errorResponse } from "@/lib/errors/http";
import { prepareTurn } from "@/lib/chat/prepare-turn";
import { streamTurn } from "@/lib/chat/stream-turn";
import { arenaTurnFor } from "@/lib/chat/arena/arena-turn";
import { streamArenaTurn } from "@/lib/chat/arena/arena-stream";
import { UI_STREAM_HEADERS } from "@/lib/chat/ui-message-stream";
import { assertAcceptingWork } from "@/lib/ops/draining";
import { AppError } from "@/lib/errors/app-error";
import { followResentQuestion } from "@/lib/chat/live/resume-answer";

const isConflict = (error: unknown) => error instanceof AppError && error.code === "CONFLICT";
/** The id of a new question in a request body; validated where it is used. */
const messageIdOf = (body: unknown): unknown =>
  typeof body === "object" && body !== null && "message" in body
    ? (body.message as { id?: unknown } | null)?.id
    : undefined;

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Room for a 32,000-character message in JSON with every character escaped, and nothing more.
const MAX_BODY_BYTES = 512 * 1024;

/**
 * Streams one answer: a new message, an edit (a new branch) or a regenerated answer; or, for the
 * admin's share of new messages, two anonymous answers side by side (the blind arena, docs/arena.md).
 */
export async function POST(request: Request) {
  try {
    // A restarting instance takes no new answer: 503 + Retry-After, retried elsewhere.
    assertAcceptingWork();
    // Origin, content type and caller are checked before the body is read (lib/http/json-request.ts).
    const { actor, body } = await readJsonRequest(request, {
      maxBytes: MAX_BODY_BYTES,
      tooLarge: "This message is too long to send.",
    });
    let turn;
    try {
      turn = await prepareTurn(actor, body);
    } catch (error) {
      // The question is stored already (a retried request): follow its answer instead.
      const resent = isConflict(error)
        ? await followResentQuestion(actor, { messageId: messageIdOf(body) })
        : undefined;
      if (!resent) throw error;
      return new Response(resent, { headers: UI_STREAM_HEADERS });
    }
    const arena = await arenaTurnFor(turn, body);
    return new Response(arena ? streamArenaTurn(arena) : streamTurn(turn), { headers: UI_STREAM_HEADERS });
  } catch (error) {
    return errorResponse(error);
  }
}
