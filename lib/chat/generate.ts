import "server-only";
import { streamText, type UIMessageChunk } from "ai";
import { db } from "../db/client";
import { env } from "../env";
import { describeProviderError } from "../ai/provider-errors";
import { generateTitle } from "../ai/title";
import type { PreparedTurn } from "./prepare-turn";
import type { MessageStatus, StreamMetadata } from "./types";
import { trackGeneration } from "./running";

type Chunk = UIMessageChunk<StreamMetadata>;

const FLUSH_INTERVAL_MS = 1_000;

/**
 * Streams the answer to the browser and saves it. The generation is not tied to the HTTP response: if
 * the browser goes away the answer still runs to its end and is stored; only Stop (lib/chat/running.ts)
 * aborts the upstream request. While it runs, the partial text is saved every second, which is also
 * how a Stop from another instance is noticed.
 */
export function streamTurn(turn: PreparedTurn): ReadableStream<Chunk> {
  let out: ReadableStreamDefaultController<Chunk> | null = null;
  const emit = (chunk: Chunk) => {
    if (!out) return;
    try {
      out.enqueue(chunk);
    } catch {
      out = null; // the browser went away; keep generating
    }
  };
  const stream = new ReadableStream<Chunk>({
    start(controller) {
      out = controller;
    },
    cancel() {
      out = null;
    },
  });
  void run(turn, emit, () => {
    try {
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
    // Zero rows updated means the row is no longer `streaming`: Stop was pressed on another instance.
    const updated = changed
      ? await db().$executeRaw`UPDATE "Message" SET "text" = ${text}, "updatedAt" = now()
           WHERE "id" = ${turn.assistantId}::uuid AND "status" = 'streaming'`
      : await db()
          .$executeRaw`SELECT 1 FROM "Message" WHERE "id" = ${turn.assistantId}::uuid AND "status" = 'streaming'`;
    if (updated === 0) controller.abort(new Error("stopped by the user"));
  };

  try {
    const result = streamText({
      model: turn.model,
      system: turn.system || undefined,
      messages: turn.history.map((m) => ({ role: m.role, content: m.text })),
      abortSignal: controller.signal,
      seed: turn.seed,
      maxRetries: 0,
      timeout: { firstChunkMs: settings.PROVIDER_TIMEOUT_MS, chunkMs: settings.PROVIDER_TIMEOUT_MS },
      // Errors arrive as stream parts and are handled below; the SDK's default logs them raw.
      onError: () => undefined,
    });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") {
        if (part.text.length === 0) continue;
        firstTokenAt ??= performance.now();
        text += part.text;
        emit({ type: "text-delta", id: "text", delta: part.text });
        if (performance.now() - lastFlush >= FLUSH_INTERVAL_MS) await flush().catch(() => undefined);
      } else if (part.type === "finish") {
        finishReason = part.finishReason;
        inputTokens = part.totalUsage.inputTokens ?? null;
        outputTokens = part.totalUsage.outputTokens ?? null;
      } else if (part.type === "abort") {
        // The SDK also ends a call it timed out (PROVIDER_TIMEOUT_MS) with an abort part: only our own
        // controller's abort is a Stop.
        if (controller.signal.aborted) status = "stopped";
        else throw new Error(part.reason ?? "The model call was aborted.");
      } else if (part.type === "error") {
        throw part.error;
      }
    }
    if (controller.signal.aborted) status = "stopped";
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
    await db().$executeRaw`
      UPDATE "Message" SET
        "text" = ${text},
        "parts" = ${JSON.stringify(text ? [{ type: "text", text }] : [])}::jsonb,
        "searchVector" = to_tsvector('simple', ${text}),
        "status" = ${status}::"MessageStatus",
        "error" = ${errorMessage},
        "finishReason" = ${status === "stopped" ? "stop-requested" : finishReason},
        "inputTokens" = ${inputTokens},
        "outputTokens" = ${outputTokens},
        "timeToFirstTokenMs" = ${timeToFirstTokenMs},
        "durationMs" = ${durationMs},
        "updatedAt" = now()
      WHERE "id" = ${turn.assistantId}::uuid`;
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
