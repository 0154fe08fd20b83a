import "server-only";
import { readyCommands, redisConfigured, reportRedisFailure, withRedisTimeout } from "../../redis/client";
import type { StreamMetadata } from "../types";
import type { LiveListener } from "./live-local";

// With REDIS_URL, each answer the chat generates is also written to a Redis Stream, so that a reload
// served by another instance follows it live. Entries are appended in order on the one command
// connection: a start entry, then the text in pieces, each with its offset (the length of the text
// before it) so a reader can tell a gap from a continuation, then an end entry with the final
// metadata. Pieces are batched (at most one entry per BATCH_MS): a token is a few characters, and one
// Redis command per token would cost more CPU than the token itself.
//
// Redis is not the source of truth. A write that fails stops the record for good (a stream with a
// hole must not be read as the answer); readers then fall back to the database's partial text.

const BATCH_MS = 50;
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
  // Writes run one after another, so entries land in order even while the first waits for a connection.
  let chain: Promise<void> = Promise.resolve();

  const append = (fields: Record<string, string>) => {
    chain = chain.then(async () => {
      if (broken) return;
      try {
        const client = await readyCommands();
        if (!client) throw new Error("not connected");
        await withRedisTimeout(
          Promise.all([client.xAdd(key, "*", fields), client.expire(key, LIVE_STREAM_TTL_SECONDS)]),
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
      append({ o: String(written), end: JSON.stringify(final) });
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
    client.xRange(liveStreamKey(answerId), afterId ? `(${afterId}` : "-", "+", { COUNT: 1_000 }),
  );
  return (replies ?? []).map(({ id, message }) => {
    const entry = toEntry(id, message);
    if (!entry) throw new Error(`unreadable entry ${id} in ${liveStreamKey(answerId)}`);
    return entry;
  });
}
