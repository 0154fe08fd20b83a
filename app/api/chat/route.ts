import { createUIMessageStreamResponse } from "ai";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { errorResponse } from "@/lib/errors/http";
import { prepareTurn } from "@/lib/chat/prepare-turn";
import { streamTurn } from "@/lib/chat/generate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Room for a 32,000-character message in JSON with every character escaped, and nothing more.
const MAX_BODY_BYTES = 512 * 1024;

async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "This message is too long to send.");
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", "This message is too long to send.");
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError("VALIDATION", "The request is not valid JSON.");
  }
}

/** Streams one answer: a new message, an edit (a new branch) or a regenerated answer. */
export async function POST(request: Request) {
  try {
    const turn = await prepareTurn(await currentActor(), await readJson(request));
    return createUIMessageStreamResponse({ stream: streamTurn(turn) });
  } catch (error) {
    return errorResponse(error);
  }
}
