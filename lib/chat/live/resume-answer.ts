import "server-only";
import { z } from "zod";
import { pool } from "../../db/client";
import { requireUser, type Actor } from "../../auth/actor";
import { notFound } from "../../errors/app-error";
import { redisConfigured, reportRedisFailure } from "../../redis/client";
import { INTERRUPTED_AFTER_MS, markInterruptedAnswers } from "../interrupted-answers";
import { shownText } from "../shown-text";
import type { MessageStatus, StreamMetadata } from "../types";
import { DONE, encodeChunk, type Chunk } from "../ui-message-stream";
import { followLocalLive } from "./live-local";
import { readRedisLive, type LiveEntry } from "./live-redis";
import { ANSWERS_TO_QUESTION, READ_LIVE_ANSWER } from "./live-sql";

// A second request for an answer: a reload, another tab or device, or a browser whose stream broke
// (its instance died or restarted). It gets the answer as the chat's stream format: the text so far
// at once, then live until the end, from whichever source this process has:
//   1. the answer is generated in this process: its live record (no delay);
//   2. REDIS_URL is set and the generating instance records it: the Redis Stream (polled every 100 ms);
//   3. otherwise the database, whose partial text is saved every second by the generating instance.
// A Redis that fails midway falls back to 3 without losing what was sent. Whatever the source, the
// row decides when the answer has ended: one that no instance saves any more is closed by the
// interrupted-answers sweep, which this request also runs when it sees such a row, so a reader never
// waits on a dead answer for longer than the sweep's threshold.

const REDIS_POLL_MS = 100;
const DATABASE_POLL_MS = 1_000;
/** In Redis mode, how often the row is read to see an end Redis will never record (a dead instance). */
const ROW_CHECK_MS = 2_000;

const resumeInput = z.object({ messageId: z.uuid() });

type LiveRow = {
  id: string;
  parentId: string | null;
  conversationId: string;
  status: MessageStatus;
  error: string | null;
  text: string;
  modelId: string | null;
  createdAt: Date;
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
  tokensEstimated: boolean;
  costUsd: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
  title: string;
  silentMs: number;
  blind: boolean;
};

async function readRow(answerId: string, userId: string): Promise<LiveRow | null> {
  const { rows } = await pool().query<LiveRow>({ ...READ_LIVE_ANSWER, values: [answerId, userId] });
  return rows[0] ?? null;
}

/** How the answer ended, as stored. A blind arena answer's cost is left out with its model. */
function finalOf(row: LiveRow): StreamMetadata {
  return {
    status: row.status,
    error: row.error,
    title: row.title,
    inputTokens: row.inputTokens,
    cachedInputTokens: row.cachedInputTokens,
    outputTokens: row.outputTokens,
    tokensEstimated: row.tokensEstimated,
    costUsd: row.blind ? null : row.costUsd,
    timeToFirstTokenMs: row.timeToFirstTokenMs,
    durationMs: row.durationMs,
  };
}

/** The caller's answer as a live stream (404 for anyone else's, as for any message). */
export async function resumeAnswer(actor: Actor, raw: unknown): Promise<ReadableStream<Uint8Array>> {
  const user = await requireUser(actor);
  // A malformed id is an unknown one: nothing tells it apart from someone else's answer.
  const parsed = resumeInput.safeParse(raw);
  const row = parsed.success ? await readRow(parsed.data.messageId, user.id) : null;
  if (!row) throw notFound("Message not found.");
  return followAnswer(row, user.id);
}

/**
 * A question sent again with the id it was stored under: a load balancer retrying a request whose
 * instance died after storing it (nginx's `proxy_next_upstream`), or a browser retrying a request
 * whose response it never got. Rather than a bare conflict, the request follows the answer already
 * started for it, so the browser gets its answer from whichever instance it reached. Undefined when
 * there is not exactly one answer to follow (none yet, or a blind arena's two): the conflict stands.
 */
export async function followResentQuestion(
  actor: Actor,
  raw: unknown,
): Promise<ReadableStream<Uint8Array> | undefined> {
  const user = await requireUser(actor);
  const parsed = resumeInput.safeParse(raw);
  if (!parsed.success) return undefined;
  const { rows } = await pool().query<{ id: string }>({
    ...ANSWERS_TO_QUESTION,
    values: [parsed.data.messageId, user.id],
  });
  if (rows.length !== 1) return undefined;
  const row = await readRow(rows[0]!.id, user.id);
  return row ? followAnswer(row, user.id) : undefined;
}

/** What the source loops write through. */
type Output = {
  /** Appends a piece the reader has not had. */
  text: (delta: string) => void;
  /** The full text as a source has it now: sends what it adds to what was sent, if it extends it. */
  catchUp: (full: string) => void;
  sentLength: () => number;
  end: (final: StreamMetadata) => void;
  done: () => boolean;
};

function followAnswer(first: LiveRow, userId: string): ReadableStream<Uint8Array> {
  let out: ReadableStreamDefaultController<Uint8Array> | null = null;
  let ended = false;
  let release = () => {};
  const emit = (chunk: Chunk | Uint8Array) => {
    try {
      out?.enqueue(chunk instanceof Uint8Array ? chunk : encodeChunk(chunk));
    } catch {
      out = null; // the reader went away
    }
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      out = controller;
    },
    cancel() {
      out = null;
      ended = true;
      release();
    },
  });

  let sent = "";
  const output: Output = {
    text: (delta) => {
      if (!delta || ended) return;
      sent += delta;
      emit({ type: "text-delta", id: "text", delta });
    },
    catchUp: (full) => {
      if (full.length > sent.length && full.startsWith(sent)) output.text(full.slice(sent.length));
    },
    sentLength: () => sent.length,
    end: (final) => {
      if (ended) return;
      ended = true;
      release();
      emit({ type: "text-end", id: "text" });
      emit({ type: "message-metadata", messageMetadata: final });
      // As the first stream did: an error chunk keeps the text and shows the error with Retry.
      if (final.status === "error") emit({ type: "error", errorText: final.error ?? "The answer failed." });
      else emit({ type: "finish", messageMetadata: final });
      emit(DONE);
      try {
        out?.close();
      } catch {
        // closed by the reader
      }
      out = null;
    },
    done: () => ended,
  };

  emit({
    type: "start",
    messageId: first.id,
    messageMetadata: {
      conversationId: first.conversationId,
      parentId: first.parentId,
      ...(first.modelId && !first.blind ? { modelId: first.modelId } : {}),
      createdAt: first.createdAt.toISOString(),
      title: first.title,
      status: "streaming",
    },
  });
  emit({ type: "text-start", id: "text" });

  if (first.status !== "streaming") {
    output.catchUp(shownText(first.text));
    output.end(finalOf(first));
    return stream;
  }
  const local = followLocalLive(first.id, { delta: output.text, end: output.end });
  if (local) {
    release = local.unsubscribe;
    output.text(local.text);
    return stream;
  }
  void followElsewhere(first, userId, output).catch((error: unknown) => {
    console.error("A resumed answer stream failed:", error instanceof Error ? error.message : error);
    output.end({ status: "error", error: "The connection was interrupted." });
  });
  return stream;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies Redis entries in order; false at a gap (a lost write), after which Redis is not trusted. */
function applyEntries(entries: LiveEntry[], output: Output): boolean {
  for (const entry of entries) {
    if (entry.kind === "start") continue;
    if (entry.offset !== output.sentLength()) return false;
    if (entry.kind === "text") output.text(entry.text);
    else output.end(entry.final);
  }
  return true;
}

/** An answer generated by another instance (or by none, if its instance died). */
async function followElsewhere(first: LiveRow, userId: string, output: Output): Promise<void> {
  let fromRedis = redisConfigured();
  let lastId: string | null = null;
  if (fromRedis) {
    try {
      const entries = await readRedisLive(first.id, null);
      // No record: Redis was down when the answer started, or the instance writes none.
      fromRedis = entries.length > 0 && applyEntries(entries, output);
      lastId = entries.at(-1)?.id ?? null;
    } catch (error) {
      reportRedisFailure(error);
      fromRedis = false;
    }
  }
  if (!fromRedis) output.catchUp(shownText(first.text));

  // A row nobody has saved for a while is looked at (and closed) at once, not after the first interval.
  let rowCheckedAt = first.silentMs > INTERRUPTED_AFTER_MS ? -Infinity : performance.now();
  while (!output.done()) {
    if (rowCheckedAt !== -Infinity) await sleep(fromRedis ? REDIS_POLL_MS : DATABASE_POLL_MS);
    if (output.done()) return;
    if (fromRedis) {
      try {
        const entries = await readRedisLive(first.id, lastId);
        if (entries.length > 0) {
          lastId = entries.at(-1)!.id;
          if (!applyEntries(entries, output)) fromRedis = false;
          rowCheckedAt = performance.now();
          continue;
        }
      } catch (error) {
        reportRedisFailure(error);
        fromRedis = false;
      }
      if (fromRedis && performance.now() - rowCheckedAt < ROW_CHECK_MS) continue;
    }
    rowCheckedAt = performance.now();
    const row = await readRow(first.id, userId).catch(() => undefined); // the database is down: try again
    if (row === undefined) continue;
    if (row === null) {
      output.end({ status: "error", error: "This answer is no longer available." });
      return;
    }
    if (row.status !== "streaming") {
      output.catchUp(shownText(row.text));
      output.end(finalOf(row));
      return;
    }
    if (!fromRedis) output.catchUp(shownText(row.text));
    // Nobody has saved it for too long: its instance is gone. Close it now rather than at the next
    // sweep, and read it again at once.
    if (row.silentMs > INTERRUPTED_AFTER_MS) {
      const closed = await markInterruptedAnswers().catch((): string[] => []);
      if (closed.includes(first.id)) rowCheckedAt = -Infinity;
    }
  }
}
