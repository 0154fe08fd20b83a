import "server-only";
import { readyCommands, redisConfigured, reportRedisFailure, withRedisTimeout } from "../../redis/client";
import type { StreamMetadata } from "../types";
import type { LiveListener } from "./live-local";

// With REDIS_URL, each answer the chat generates is also written to a Redis Stream, so that a reload
// served by another instance follows it live. Entries are appended in order on the one command
// connection: a start entry, then the text in pieces, each with its offset (the length of the text
// before it) so a reader can tell a gap from a continuation, then an end entry with the final
// metadata. Pieces are batched (at most one entry per BATCH_MS): a token is a few characters, and one
// Redis command per token would cost more CPU than the token itself. For the same reason the TTL is
// renewed with the first write, then at most once a minute, and with the end.
//
// Redis is not the source of truth. A write that fails stops the record for good (a stream with a
// hole must not be read as the answer); readers then fall back to the database's partial text.

const BATCH_MS = 100;
const RENEW_TTL_MS = 60_000;
/** Entries read per command; a reader asks again from the last one. */
const READ_BATCH = 1_000;
/** A stream lives this long after its last write: long past any reload that could still need it. */
export const LIVE_STREAM_TTL_SECONDS = 10 * 60;

export const liveStreamKey = (answerId: string) => `flywheel:answer:${answerId}`;

/** One entry as a reader sees it: a start marker, a piece of text, or the end. */
export type LiveEntry =
  | { id: string; kind: "start" }
  | { id: string; kind: "text"; offset: number; text: string }
  | { id: string; kind: "end"; offset: number; final: StreamMetadata };

/** Starts the answer's stream record, or returns undefined without REDIS_URL. */
export function startRedisLive(answerId: string): LiveListener | undefined {
  if (!redisConfigured()) return undefined;
  const key = liveStreamKey(answerId);
  let written = 0;
  let pending = "";
  let timer: NodeJS.Timeout | undefined;
  let broken = false;
  let ttlRenewedAt = -Infinity;
  // Writes run one after another, so entries land in order even while the first waits for a connection.
  let chain: Promise<void> = Promise.resolve();

  const append = (fields: Record<string, string>, last = false) => {
    chain = chain.then(async () => {
      if (broken) return;
      try {
        const client = await readyCommands();
        if (!client) throw new Error("not connected");
        const renew = last || performance.now() - ttlRenewedAt >= RENEW_TTL_MS;
        if (renew) ttlRenewedAt = performance.now();
        await withRedisTimeout(
          Promise.all([
            client.xAdd(key, "*", fields),
            renew ? client.expire(key, LIVE_STREAM_TTL_SECONDS) : undefined,
          ]),
        );
      } catch (error) {
        broken = true;
        reportRedisFailure(error);
      }
    });
  };
  const flush = () => {
    timer = undefined;
    if (!pending) return;
    append({ o: String(written), t: pending });
    written += pending.length;
    pending = "";
  };

  append({ o: "0", s: "1" });
  return {
    delta: (text) => {
      pending += text;
      timer ??= setTimeout(flush, BATCH_MS);
    },
    end: (final) => {
      clearTimeout(timer);
      flush();
      append({ o: String(written), end: JSON.stringify(final) }, true);
    },
  };
}

function toEntry(id: string, message: Record<string, string>): LiveEntry | undefined {
  const offset = Number(message.o);
  if (!Number.isSafeInteger(offset) || offset < 0) return undefined;
  if (message.s !== undefined) return { id, kind: "start" };
  if (message.t !== undefined) return { id, kind: "text", offset, text: message.t };
  if (message.end !== undefined) {
    try {
      return { id, kind: "end", offset, final: JSON.parse(message.end) as StreamMetadata };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The answer's entries after `afterId` (all of them when null): an empty list when there are none yet
 * or no record at all. Throws when Redis does not answer, or an entry is not one of ours.
 */
export async function readRedisLive(answerId: string, afterId: string | null): Promise<LiveEntry[]> {
  const client = await readyCommands();
  if (!client) throw new Error("not connected");
  const replies = await withRedisTimeout(
    client.xRange(liveStreamKey(answerId), afterId ? `(${afterId}` : "-", "+", { COUNT: READ_BATCH }),
  );
  return (replies ?? []).map(({ id, message }) => {
    const entry = toEntry(id, message);
    if (!entry) throw new Error(`unreadable entry ${id} in ${liveStreamKey(answerId)}`);
    return entry;
  });
}

/**
 * The text an answer's record holds, read whole; undefined without REDIS_URL, without a record, when
 * Redis does not answer, or when the record has a gap (a lost write: not to be trusted).
 */
export async function recordedText(answerId: string): Promise<string | undefined> {
  if (!redisConfigured()) return undefined;
  let text = "";
  let read = 0;
  let afterId: string | null = null;
  try {
    for (;;) {
      const entries = await readRedisLive(answerId, afterId);
      for (const entry of entries) {
        if (entry.kind === "start") continue;
        if (entry.offset !== text.length) return undefined;
        if (entry.kind === "text") text += entry.text;
      }
      read += entries.length;
      if (entries.length < READ_BATCH) break;
      afterId = entries.at(-1)!.id;
    }
  } catch (error) {
    reportRedisFailure(error);
    return undefined;
  }
  return read > 0 ? text : undefined;
}
