import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
// Types only: the modules themselves are loaded in beforeAll, once the settings are in place.
import type { db } from "@/lib/db/client";
import type { prepareTurn } from "@/lib/chat/prepare-turn";
import type { streamTurn } from "@/lib/chat/stream-turn";

// Times are stored as UTC in columns without a time zone, which is what Prisma reads back. The chat's
// own SQL writes them too (lib/chat/turn-sql.ts), so it must not depend on the session's time zone:
// this file's connections run 14 hours ahead of UTC.
let fake: FakeOpenAI;
let lib: {
  db: typeof db;
  prepareTurn: typeof prepareTurn;
  streamTurn: typeof streamTurn;
};

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("options", "-c TimeZone=Pacific/Kiritimati");
  process.env.DATABASE_URL = url.toString();
  fake = await startFakeOpenAI();
  fake.setScenario({ words: 3, chunkDelayMs: 0 });
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  lib = {
    db: (await import("@/lib/db/client")).db,
    prepareTurn: (await import("@/lib/chat/prepare-turn")).prepareTurn,
    streamTurn: (await import("@/lib/chat/stream-turn")).streamTurn,
  };
});
afterAll(async () => fake.close());

const submit = (conversationId: string | null, parentId: string | null, text: string) => ({
  trigger: "submit",
  conversationId,
  parentId,
  message: { id: randomUUID(), text },
});

describe("chat times", () => {
  it("are stored and returned in UTC whatever the session's time zone", async () => {
    const [zone] = await lib.db().$queryRaw<{ TimeZone: string }[]>`SHOW TIME ZONE`;
    // PGlite's socket ignores connection options; PostgreSQL applies them.
    if (process.env.TEST_DATABASE_URL) expect(zone?.TimeZone).toBe("Pacific/Kiritimati");

    const { actor } = await createUser();
    const t1 = await lib.prepareTurn(actor, submit(null, null, "What time is it?"));
    await new Response(lib.streamTurn(t1)).text();
    const t2 = await lib.prepareTurn(actor, submit(t1.conversationId, t1.assistantId, "And now?"));
    await new Response(lib.streamTurn(t2)).text();

    const near = (date: Date) => expect(Math.abs(date.getTime() - Date.now())).toBeLessThan(60_000);
    near(t1.assistantCreatedAt);
    near(t2.assistantCreatedAt);
    const messages = await lib.db().message.findMany({ where: { conversationId: t1.conversationId } });
    expect(messages).toHaveLength(4);
    for (const message of messages) {
      near(message.createdAt);
      near(message.updatedAt);
    }
    const conversation = await lib.db().conversation.findUniqueOrThrow({ where: { id: t1.conversationId } });
    near(conversation.createdAt);
    near(conversation.updatedAt);
  });
});
