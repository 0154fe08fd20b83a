import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { startRedisServer, type RedisServer } from "../helpers/redis-server";
import { connectPlain, waitForSubscribers, waitUntil, type PlainRedis } from "../helpers/redis-wait";
import { readAll } from "../helpers/ui-stream";
import type { db } from "@/lib/db/client";
import type { prepareTurn } from "@/lib/chat/prepare-turn";
import type { streamTurn } from "@/lib/chat/stream-turn";
import type { stopGeneration } from "@/lib/chat/stop-generation";
import type { closeRedis } from "@/lib/redis/client";

// Cross-instance Stop through a real redis-server. This process is "instance B", generating an answer
// from a slow fake provider; a plain Redis connection is "instance A", where the user pressed Stop.
// Without Redis, B notices the stop at its next one-second save; with it, B aborts at once.
let server: RedisServer;
let other: PlainRedis;
let fake: FakeOpenAI;
let lib: {
  db: typeof db;
  prepareTurn: typeof prepareTurn;
  streamTurn: typeof streamTurn;
  stopGeneration: typeof stopGeneration;
  closeRedis: typeof closeRedis;
  channel: string;
};

beforeAll(async () => {
  server = await startRedisServer();
  fake = await startFakeOpenAI();
  process.env.REDIS_URL = server.url;
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.TITLE_GENERATION = "off";
  other = await connectPlain(server.url);
  lib = {
    db: (await import("@/lib/db/client")).db,
    prepareTurn: (await import("@/lib/chat/prepare-turn")).prepareTurn,
    streamTurn: (await import("@/lib/chat/stream-turn")).streamTurn,
    stopGeneration: (await import("@/lib/chat/stop-generation")).stopGeneration,
    closeRedis: (await import("@/lib/redis/client")).closeRedis,
    channel: (await import("@/lib/redis/stop-channel")).STOP_CHANNEL,
  };
});
afterAll(async () => {
  await lib.closeRedis();
  await other.close();
  await fake.close();
  await server.stop();
});
beforeEach(resetDatabase);

const submit = (text: string) => ({
  trigger: "submit",
  conversationId: null,
  parentId: null,
  message: { id: randomUUID(), text },
});

describe("with REDIS_URL, Stop pressed on another instance", () => {
  it("aborts the generation here well before the one-second save would notice", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 400, chunkDelayMs: 20 }); // About 8 s of answer.
    const sent = fake.requests.length;
    const turn = await lib.prepareTurn(actor, submit("a long answer please"));
    const done = readAll(lib.streamTurn(turn));
    await waitForSubscribers(other, lib.channel);
    await waitUntil(() => (fake.requests[sent]?.chunksSent ?? 0) >= 3);

    // What instance A's stopGeneration does for an answer it is not generating: the row, then the message.
    await lib.db().message.update({ where: { id: turn.assistantId }, data: { status: "stopped" } });
    const publishedAt = performance.now();
    await other.publish(lib.channel, JSON.stringify({ messageId: turn.assistantId, from: "instance-a" }));
    // The upstream request is cancelled at once (the stream then ends after the final save).
    const cancelledIn = await waitUntil(() => fake.requests[sent]!.aborted, 3_000);
    const chunks = await done;

    expect(cancelledIn).toBeLessThan(400);
    expect(performance.now() - publishedAt).toBeLessThan(2_000);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "stopped" } });
    const row = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(row.status).toBe("stopped");
    expect(fake.requests[sent]!.chunksSent).toBeLessThan(100);
  });

  it("aborts at once on the message alone (a row write that has not landed yet changes nothing)", async () => {
    const { actor } = await createUser();
    fake.setScenario({ words: 400, chunkDelayMs: 20 });
    const sent = fake.requests.length;
    const turn = await lib.prepareTurn(actor, submit("another long one"));
    const done = readAll(lib.streamTurn(turn));
    await waitForSubscribers(other, lib.channel);
    await waitUntil(() => (fake.requests[sent]?.chunksSent ?? 0) >= 3);
    const publishedAt = performance.now();
    await other.publish(lib.channel, JSON.stringify({ messageId: turn.assistantId, from: "instance-a" }));
    expect(await waitUntil(() => fake.requests[sent]!.aborted, 3_000)).toBeLessThan(400);
    await done;
    expect(performance.now() - publishedAt).toBeLessThan(2_000);
    const row = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
    expect(row.status).toBe("stopped");
  });

  it("is published by stopGeneration when this instance is not the one generating the answer", async () => {
    const listener = other.duplicate();
    listener.on("error", () => undefined);
    await listener.connect();
    const received: { messageId: string; from: string }[] = [];
    await listener.subscribe(lib.channel, (raw) =>
      received.push(JSON.parse(raw) as { messageId: string; from: string }),
    );
    try {
      const { actor } = await createUser();
      // Prepared (its row is "streaming") but generated elsewhere: nothing runs in this process.
      const turn = await lib.prepareTurn(actor, submit("generated on another instance"));
      await expect(lib.stopGeneration(actor, { messageId: turn.assistantId })).resolves.toEqual({
        stopped: true,
      });
      await waitUntil(() => received.length > 0, 2_000);
      expect(received).toHaveLength(1);
      expect(received[0]!.messageId).toBe(turn.assistantId);
      expect(received[0]!.from).toMatch(/^[0-9a-f-]{36}$/);
      const row = await lib.db().message.findUniqueOrThrow({ where: { id: turn.assistantId } });
      expect(row.status).toBe("stopped");
    } finally {
      await listener.close();
    }
  });
});
