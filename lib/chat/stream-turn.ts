import "server-only";
import { detachedStream } from "../http/detached-stream";
import { pool } from "../db/client";
import { env } from "../env";
import { cleanModelText } from "../ai/clean-model-text";
import { describeProviderError, type ProviderErrorDescription } from "../ai/provider-errors";
import { streamModel } from "../ai/stream-model";
import type { PreparedTurn } from "./prepare-turn";
import type { MessageStatus, StreamMetadata } from "./types";
import { trackGeneration } from "./running-generations";
import { trackInFlight } from "../ops/in-flight";
import { DONE, encodeChunk, type Chunk } from "./ui-message-stream";
import { FLUSH_TEXT, TOUCH_ANSWER } from "./answer-sql";
import { HEARTBEAT_MS } from "./interrupted-answers";
import { titleAfterFirstAnswer } from "./answer-title";
import { countOnly, saveAnswer, type Ending } from "./save-answer";
import { settleAnswerUsage, type SettledUsage } from "../usage/answer-usage";
import { publishLiveAnswer } from "./live/live-publisher";

const FLUSH_INTERVAL_MS = 1_000;

/** How an answer ended, as stored, with what it cost: what every caller of runTurn is told. */
export type TurnResult = {
  status: MessageStatus;
  error: string | null;
  /** When the provider asked to wait (its 429). */
  retryAfterSeconds: number | null;
  /** How the model call failed, when it did: the public API turns it into a status code. */
  failure: ProviderErrorDescription | null;
  finishReason: string | null;
  /** Null when there is nothing to account for (no output, no usage reported). */
  usage: SettledUsage | null;
  timeToFirstTokenMs: number | null;
  durationMs: number;
  text: string;
};

/** Where an answer goes while it is made: the chat's UI message stream, or the public API's formats. */
export type TurnSink = {
  text: (delta: string) => void;
  end: (result: TurnResult) => void | Promise<void>;
};

/**
 * Streams the answer to the browser (as the UI message stream's server-sent events) and saves it.
 * The generation is not tied to the HTTP response: if the browser goes away the answer still runs to
 * its end and is stored; only Stop (lib/chat/stop-generation.ts) aborts the upstream request.
 */
export function streamTurn(turn: PreparedTurn): ReadableStream<Uint8Array> {
  const { stream, emit, close } = detachedStream((chunk: Chunk) => encodeChunk(chunk));
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
  // Followed by a reload, another tab or another instance until it ends (lib/chat/live).
  const live = turn.persist ? publishLiveAnswer(turn.assistantId) : undefined;
  runTurn(turn, {
    text: (delta) => {
      emit({ type: "text-delta", id: "text", delta });
      live?.delta(delta);
    },
    end: async (result) => {
      emit({ type: "text-end", id: "text" });
      const final: StreamMetadata = {
        status: result.status,
        error: result.error,
        retryAfterSeconds: result.retryAfterSeconds,
        inputTokens: result.usage?.inputTokens ?? null,
        cachedInputTokens: result.usage?.cachedInputTokens ?? null,
        outputTokens: result.usage?.outputTokens ?? null,
        tokensEstimated: result.usage?.estimated ?? false,
        costUsd: result.usage?.costUsd ?? null,
        timeToFirstTokenMs: result.timeToFirstTokenMs,
        durationMs: result.durationMs,
      };
      if (turn.isNewConversation && result.status === "complete") {
        const title = await titleAfterFirstAnswer(turn, result.text);
        if (title) final.title = title;
      }
      live?.end(final);
      emit({ type: "message-metadata", messageMetadata: final });
      // An error chunk makes useChat show the error (and Retry) while keeping the partial text.
      if (result.status === "error") emit({ type: "error", errorText: result.error ?? "The answer failed." });
      else emit({ type: "finish", messageMetadata: final });
      close(DONE);
    },
  }).catch((error: unknown) => {
    // Not a model failure (those end normally): a bug. Whoever follows the answer must not wait for ever.
    console.error("An answer failed:", error instanceof Error ? error.message : error);
    const final: StreamMetadata = { status: "error", error: "The answer failed." };
    live?.end(final);
    emit({ type: "error", errorText: "The answer failed." });
    close(DONE);
  });
  return stream;
}

/**
 * Generates one prepared answer, telling `sink` each piece of text and then how it ended, and saves
 * it. While it runs, the partial text is saved every second (and the row touched when the model is
 * silent), which is also how a Stop from another instance is noticed. A turn that is not persisted
 * (the API's `store: false`) has no row: only its usage is recorded.
 */
export async function runTurn(turn: PreparedTurn, sink: TurnSink): Promise<void> {
  const controller = new AbortController();
  // Seen by a graceful shutdown (lib/ops/in-flight.ts), which waits for it and aborts it at the end of
  // its grace period; released only once the answer is saved, so the pool is not closed under the save.
  const untrackInFlight = trackInFlight(controller);
  try {
    await generateAndSave(turn, sink, controller);
  } finally {
    untrackInFlight();
  }
}

async function generateAndSave(
  turn: PreparedTurn,
  sink: TurnSink,
  controller: AbortController,
): Promise<void> {
  const settings = env();
  const untrack = trackGeneration(turn.assistantId, controller);
  const started = performance.now();
  let text = "";
  let firstTokenAt: number | null = null;
  let status: MessageStatus = "complete";
  let failure: ProviderErrorDescription | null = null;
  let finishReason: string | null = null;
  let reported = {
    inputTokens: null as number | null,
    cachedInputTokens: null as number | null,
    outputTokens: null as number | null,
  };
  let flushedLength = 0;
  let lastFlush = started;

  // One save at a time, never awaited by the stream: a database that stalls (it answers nothing for
  // the pool's 5 s connect timeout) must not hold the answer's text back from the browser.
  let flushing: Promise<void> | undefined;
  const flushInBackground = () => {
    flushing ??= flush()
      .catch(() => undefined)
      .finally(() => {
        flushing = undefined;
      });
  };
  const flush = async () => {
    lastFlush = performance.now();
    const changed = text.length !== flushedLength;
    flushedLength = text.length;
    const result = changed
      ? await pool().query({ ...FLUSH_TEXT, values: [turn.assistantId, cleanModelText(text)] })
      : await pool().query({ ...TOUCH_ANSWER, values: [turn.assistantId] });
    // Stopped on another instance, or closed by the interrupted-answers sweep.
    if (result.rowCount === 0) controller.abort(new Error("stopped by the user"));
  };
  // While the model says nothing, the row is still touched now and then: the sweep must not take a
  // slow answer for one whose instance died.
  // Checked every second, so the row is never left more than HEARTBEAT_MS + 1 s without a write.
  const heartbeat = turn.persist
    ? setInterval(() => {
        if (performance.now() - lastFlush >= HEARTBEAT_MS) flushInBackground();
      }, FLUSH_INTERVAL_MS).unref()
    : undefined;

  try {
    const outcome = await streamModel({
      model: turn.model,
      upstream: turn.upstream,
      system: turn.system,
      messages: turn.history,
      seed: turn.seed,
      params: turn.params,
      signal: controller.signal,
      timeoutMs: settings.PROVIDER_TIMEOUT_MS,
      onText: (delta) => {
        firstTokenAt ??= performance.now();
        text += delta;
        sink.text(delta);
        if (turn.persist && performance.now() - lastFlush >= FLUSH_INTERVAL_MS) flushInBackground();
      },
    });
    finishReason = outcome.finishReason;
    reported = outcome;
  } catch (error) {
    if (controller.signal.aborted) {
      status = "stopped";
    } else {
      status = "error";
      failure = describeProviderError(error);
      console.error(`Model call failed (${turn.info.id}):`, error instanceof Error ? error.message : error);
    }
  } finally {
    clearInterval(heartbeat);
    untrack();
  }
  // A save still running lands before the final one (which it could not overwrite anyway: it only
  // writes a row still streaming).
  await flushing;

  const durationMs = Math.round(performance.now() - started);
  const answer = cleanModelText(text);
  const usage = await settleAnswerUsage({
    info: turn.info,
    reported,
    system: turn.system,
    history: turn.history,
    text: answer,
  }).catch((error: unknown) => {
    console.error("Could not count an answer's tokens:", error instanceof Error ? error.message : error);
    return null;
  });
  const ending: Ending = {
    status,
    error: failure?.message ?? null,
    finishReason: status === "stopped" ? "stop-requested" : finishReason,
    usage,
    timeToFirstTokenMs: firstTokenAt === null ? null : Math.round(firstTokenAt - started),
    durationMs,
  };
  const stored = turn.persist
    ? await saveAnswer(turn, answer, ending)
    : await countOnly(turn, answer, ending);
  await sink.end({
    ...stored,
    retryAfterSeconds: stored.status === status ? (failure?.retryAfterSeconds ?? null) : null,
    failure: stored.status === status ? failure : null,
  });
}
