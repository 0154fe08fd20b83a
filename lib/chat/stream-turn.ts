import "server-only";
import { db, pool } from "../db/client";
import { env } from "../env";
import { describeProviderError } from "../ai/provider-errors";
import { streamModel } from "../ai/stream-model";
import { generateTitle } from "../ai/title";
import type { PreparedTurn } from "./prepare-turn";
import type { MessageStatus, StreamMetadata } from "./types";
import { trackGeneration } from "./running";
import { DONE, encodeChunk, type Chunk } from "./sse";

const FLUSH_INTERVAL_MS = 1_000;

// Named prepared statements: parsed and planned once per connection, run about once a second per
// stream. Zero rows means the row is no longer `streaming`: Stop was pressed on another instance.
const FLUSH_TEXT = {
  name: "chat-flush-text",
  text: `UPDATE "Message" SET "text" = $2, "updatedAt" = now() AT TIME ZONE 'UTC'
         WHERE "id" = $1::uuid AND "status" = 'streaming'`,
};
const STILL_STREAMING = {
  name: "chat-still-streaming",
  text: `SELECT 1 FROM "Message" WHERE "id" = $1::uuid AND "status" = 'streaming'`,
};
const SAVE_ANSWER = {
  name: "chat-save-answer",
  text: `UPDATE "Message" SET "text" = $2, "parts" = $3::jsonb, "searchVector" = to_tsvector('simple', $2),
           "status" = $4::"MessageStatus", "error" = $5, "finishReason" = $6, "inputTokens" = $7,
           "outputTokens" = $8, "timeToFirstTokenMs" = $9, "durationMs" = $10,
           "updatedAt" = now() AT TIME ZONE 'UTC'
         WHERE "id" = $1::uuid`,
};

/**
 * Streams the answer to the browser (as the UI message stream's server-sent events) and saves it.
 * The generation is not tied to the HTTP response: if the browser goes away the answer still runs to
 * its end and is stored; only Stop (lib/chat/running.ts) aborts the upstream request. While it runs,
 * the partial text is saved every second, which is also how a Stop from another instance is noticed.
 */
export function streamTurn(turn: PreparedTurn): ReadableStream<Uint8Array> {
  let out: ReadableStreamDefaultController<Uint8Array> | null = null;
  const emit = (chunk: Chunk) => {
    if (!out) return;
    try {
      out.enqueue(encodeChunk(chunk));
    } catch {
      out = null; // the browser went away; keep generating
    }
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      out = controller;
    },
    cancel() {
      out = null;
    },
  });
  void run(turn, emit, () => {
    try {
      out?.enqueue(DONE);
      out?.close();
    } catch {
      // already closed
    }
  });
  return stream;
}

async function run(turn: PreparedTurn, emit: (chunk: Chunk) => void, close: () => void): Promise<void> {
  const settings = env();
  const controller = new AbortController();
  const untrack = trackGeneration(turn.assistantId, controller);
  const started = performance.now();
  let text = "";
  let firstTokenAt: number | null = null;
  let status: MessageStatus = "complete";
  let errorMessage: string | null = null;
  let retryAfterSeconds: number | null = null;
  let finishReason: string | null = null;
  let inputTokens: number | null = null;
  let outputTokens: number | null = null;
  let flushedLength = 0;
  let lastFlush = started;

  emit({
    type: "start",
    messageId: turn.assistantId,
    messageMetadata: {
      conversationId: turn.conversationId,
      parentId: turn.userMessageId,
      userMessageId: turn.newUserMessageId,
      modelId: turn.info.id,
      createdAt: turn.assistantCreatedAt.toISOString(),
      title: turn.title,
      contextTrimmed: turn.droppedCount,
      status: "streaming",
    },
  });
  emit({ type: "text-start", id: "text" });

  const flush = async () => {
    lastFlush = performance.now();
    const changed = text.length !== flushedLength;
    flushedLength = text.length;
    const result = changed
      ? await pool().query({ ...FLUSH_TEXT, values: [turn.assistantId, text] })
      : await pool().query({ ...STILL_STREAMING, values: [turn.assistantId] });
    if (result.rowCount === 0) controller.abort(new Error("stopped by the user"));
  };

  try {
    const outcome = await streamModel({
      model: turn.model,
      upstream: turn.upstream,
      system: turn.system,
      messages: turn.history,
      seed: turn.seed,
      signal: controller.signal,
      timeoutMs: settings.PROVIDER_TIMEOUT_MS,
      onText: (delta) => {
        firstTokenAt ??= performance.now();
        text += delta;
        emit({ type: "text-delta", id: "text", delta });
        if (performance.now() - lastFlush >= FLUSH_INTERVAL_MS) return flush().catch(() => undefined);
      },
    });
    ({ finishReason, inputTokens, outputTokens } = outcome);
  } catch (error) {
    if (controller.signal.aborted) {
      status = "stopped";
    } else {
      status = "error";
      const described = describeProviderError(error);
      errorMessage = described.message;
      retryAfterSeconds = described.retryAfterSeconds ?? null;
      console.error(`Model call failed (${turn.info.id}):`, error instanceof Error ? error.message : error);
    }
  } finally {
    untrack();
  }

  const durationMs = Math.round(performance.now() - started);
  const timeToFirstTokenMs = firstTokenAt === null ? null : Math.round(firstTokenAt - started);
  try {
    await pool().query({
      ...SAVE_ANSWER,
      values: [
        turn.assistantId,
        text,
        JSON.stringify(text ? [{ type: "text", text }] : []),
        status,
        errorMessage,
        status === "stopped" ? "stop-requested" : finishReason,
        inputTokens,
        outputTokens,
        timeToFirstTokenMs,
        durationMs,
      ],
    });
  } catch (error) {
    console.error("Could not save an answer:", error);
  }

  emit({ type: "text-end", id: "text" });
  const final: StreamMetadata = {
    status,
    error: errorMessage,
    retryAfterSeconds,
    inputTokens,
    outputTokens,
    timeToFirstTokenMs,
    durationMs,
  };

  if (
    turn.isNewConversation &&
    status === "complete" &&
    turn.info.provider !== "offline" &&
    settings.TITLE_GENERATION
  ) {
    const first = turn.history.find((m) => m.role === "user")?.text ?? "";
    const title = await generateTitle(turn.model, first, text).catch(() => null);
    if (title) {
      await db().$executeRaw`UPDATE "Conversation" SET "title" = ${title}
          WHERE "id" = ${turn.conversationId}::uuid AND "userId" = ${turn.userId}::uuid`.catch(
        () => undefined,
      );
      final.title = title;
    }
  }
  emit({ type: "message-metadata", messageMetadata: final });
  // An error chunk makes useChat show the error (and Retry) while keeping the partial text.
  if (status === "error") emit({ type: "error", errorText: errorMessage ?? "The answer failed." });
  else emit({ type: "finish", messageMetadata: final });
  close();
}
