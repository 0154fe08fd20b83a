import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listComparisons } from "@/lib/admin/comparisons";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors/app-error";
import { orderedPair } from "@/lib/feedback/preferences";
import { createExchange, createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

type Exchange = Awaited<ReturnType<typeof createExchange>>;

/** A question with two answers by the given models, searchable like the chat makes it. */
async function exchange(
  userId: string,
  question: string,
  models: [string, string],
  options: { temporary?: boolean; answerText?: string } = {},
) {
  const ex = await createExchange(userId, {
    answers: 2,
    text: question,
    temporary: options.temporary ?? false,
  });
  await db()
    .$executeRaw`UPDATE "Message" SET "searchVector" = to_tsvector('simple', "text") WHERE "id" = ${ex.question.id}::uuid`;
  for (const [i, answer] of ex.answers.entries()) {
    await db().message.update({
      where: { id: answer.id },
      data: { modelId: models[i], ...(options.answerText ? { text: `${options.answerText} ${i}` } : {}) },
    });
  }
  return ex;
}

/** A stored comparison of two answers of `ex`; `preferred` is an index into its answers, or null. */
async function compare(
  userId: string,
  ex: Exchange,
  options: {
    pair?: [number, number];
    preferred: number | null;
    source?: "explicit" | "ratings" | "arena";
    bothBad?: boolean;
    createdAt: Date;
  },
) {
  const [x, y] = options.pair ?? [0, 1];
  const pair = orderedPair(ex.answers[x]!.id, ex.answers[y]!.id);
  return db().comparison.create({
    data: {
      userId,
      conversationId: ex.conversation.id,
      promptId: ex.question.id,
      ...pair,
      preferredId: options.preferred === null ? null : ex.answers[options.preferred]!.id,
      source: options.source ?? "explicit",
      bothBad: options.bothBad ?? false,
      createdAt: options.createdAt,
    },
  });
}

const ids = (page: { rows: { id: string }[] }) => page.rows.map((row) => row.id);

describe("listComparisons: access", () => {
  beforeEach(resetDatabase);

  it("answers only an active admin; everyone else gets not found", async () => {
    const admin = await createUser({ role: "ADMIN" });
    await createUser({ role: "ADMIN" });
    const user = await createUser();
    const disabledAdmin = await createUser({ role: "ADMIN", disabled: true });
    const ex = await exchange(user.user.id, "Question?", ["m", "m"]);
    await compare(user.user.id, ex, { preferred: 0, createdAt: new Date() });
    const actors: [string, Actor, string][] = [
      ["anonymous", null, "NOT_FOUND"],
      ["unknown id", { userId: randomUUID() }, "NOT_FOUND"],
      ["malformed id", { userId: "not-a-uuid" }, "NOT_FOUND"],
      ["user", user.actor, "NOT_FOUND"],
      ["disabled admin", disabledAdmin.actor, "NOT_FOUND"],
      ["admin", admin.actor, "ok"],
    ];
    for (const [kind, actor, expected] of actors) {
      const outcome = await listComparisons(actor, {}).then(
        () => "ok",
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
      expect(outcome, kind).toBe(expected);
    }
    expect(await db().auditLog.count()).toBe(0);
  });
});

describe("listComparisons", () => {
  beforeEach(resetDatabase);

  async function fixture() {
    const admin = await createUser({ role: "ADMIN" });
    const alice = await createUser({ name: "Alice" });
    const bob = await createUser({ name: "Bob" });
    await db().user.update({ where: { id: bob.user.id }, data: { trainingConsent: false } });
    const longQuestion = `How do flywheels store energy? ${"and why ".repeat(200)}`;
    const ex1 = await exchange(alice.user.id, longQuestion, ["m-alpha", "m-beta"], {
      answerText: "Kinetic energy ".repeat(100),
    });
    const ex2 = await exchange(alice.user.id, "Write a haiku about databases", ["m-alpha", "m-alpha"]);
    const ex3 = await exchange(bob.user.id, "Explain flywheel physics", ["m-gamma", "m-beta"], {
      temporary: true,
    });
    const c1 = await compare(alice.user.id, ex1, {
      preferred: 1,
      createdAt: new Date("2026-01-10T12:00:00Z"),
    });
    const c2 = await compare(alice.user.id, ex2, {
      preferred: 1,
      source: "ratings",
      createdAt: new Date("2026-01-15T23:59:59.999Z"),
    });
    const c3 = await compare(bob.user.id, ex3, {
      preferred: null,
      createdAt: new Date("2026-01-20T00:00:00Z"),
    });
    const list = async (filters: Record<string, unknown>) => ids(await listComparisons(admin.actor, filters));
    return { admin, alice, bob, ex1, ex2, ex3, c1, c2, c3, list };
  }

  it("shows each comparison's user, source, outcome, models and the start of every text", async () => {
    const { admin, ex1, ex3, c1, c2, c3 } = await fixture();
    const page = await listComparisons(admin.actor, {});
    expect(ids(page)).toEqual([c3.id, c2.id, c1.id]);
    expect(page.newer).toBeNull();
    expect(page.older).toBeNull();

    const [r3, , r1] = page.rows;
    expect(r1).toMatchObject({
      user: { name: "Alice" },
      source: "explicit",
      tie: false,
      preferred: { id: ex1.answers[1]!.id, modelId: "m-beta" },
      rejected: { id: ex1.answers[0]!.id, modelId: "m-alpha" },
      training: { usable: true, exclusions: [] },
    });
    // Only the start of each text is read, cut in SQL.
    expect(r1!.questionStart).toHaveLength(160);
    expect(r1!.questionStart.startsWith("How do flywheels store energy?")).toBe(true);
    expect(r1!.preferred.textStart).toHaveLength(160);
    expect(r1!.rejected.textStart).toHaveLength(160);

    expect(r3).toMatchObject({
      user: { name: "Bob" },
      tie: true,
      questionStart: "Explain flywheel physics",
      training: { usable: false, exclusions: ["temporary", "consent_off"] },
    });
    expect(new Set([r3!.preferred.id, r3!.rejected.id])).toEqual(new Set(ex3.answers.map((a) => a.id)));
    expect(JSON.stringify(page.rows)).not.toContain("@example.test");
  });

  it("filters by model, date range, user, source, outcome and question text, alone and combined", async () => {
    const { alice, bob, c1, c2, c3, list } = await fixture();
    expect(await list({ model: "m-beta" })).toEqual([c3.id, c1.id]);
    expect(await list({ model: "m-gamma" })).toEqual([c3.id]);
    expect(await list({ model: "m-alpha" })).toEqual([c2.id, c1.id]);

    expect(await list({ from: "2026-01-15" })).toEqual([c3.id, c2.id]);
    expect(await list({ to: "2026-01-15" })).toEqual([c2.id, c1.id]); // the whole last day
    expect(await list({ from: "2026-01-15", to: "2026-01-15" })).toEqual([c2.id]);
    expect(await list({ from: "2026-01-21" })).toEqual([]);

    expect(await list({ user: bob.user.id })).toEqual([c3.id]);
    expect(await list({ user: alice.user.id })).toEqual([c2.id, c1.id]);

    expect(await list({ source: "explicit" })).toEqual([c3.id, c1.id]);
    expect(await list({ source: "ratings" })).toEqual([c2.id]);
    expect(await list({ outcome: "tie" })).toEqual([c3.id]);
    expect(await list({ outcome: "preferred" })).toEqual([c2.id, c1.id]);

    expect(await list({ q: "flywheel" })).toEqual([c3.id, c1.id]); // prefix: "flywheels" too
    expect(await list({ q: "FLYWHEEL physics" })).toEqual([c3.id]);
    expect(await list({ q: "haiku data" })).toEqual([c2.id]);
    expect(await list({ q: "Kinetic" })).toEqual([]); // answers are not searched, only questions
    expect(await list({ q: "!!! ???" })).toEqual([]);

    expect(await list({ model: "m-beta", source: "explicit", q: "flywheel", from: "2026-01-11" })).toEqual([
      c3.id,
    ]);
    expect(await list({ model: "m-alpha", outcome: "preferred", user: alice.user.id })).toEqual([
      c2.id,
      c1.id,
    ]);
    expect(await list({ model: "m-alpha", outcome: "tie" })).toEqual([]);
    expect(await list({ user: bob.user.id, source: "ratings" })).toEqual([]);
    // Blank fields (an emptied filter form) mean "any".
    expect(await list({ model: "", q: "  " })).toEqual([c3.id, c2.id, c1.id]);
  });

  it("shows arena votes as such, and keeps both-bad apart from a tie", async () => {
    const { admin, alice, c1, c2, c3, list } = await fixture();
    const ex4 = await exchange(alice.user.id, "Arena question", ["m-alpha", "m-beta"]);
    const ex5 = await exchange(alice.user.id, "Another arena question", ["m-alpha", "m-beta"]);
    const strict = await compare(alice.user.id, ex4, {
      preferred: 0,
      source: "arena",
      createdAt: new Date("2026-01-21T00:00:00Z"),
    });
    const bad = await compare(alice.user.id, ex5, {
      preferred: null,
      source: "arena",
      bothBad: true,
      createdAt: new Date("2026-01-22T00:00:00Z"),
    });
    expect(await list({ source: "arena" })).toEqual([bad.id, strict.id]);
    expect(await list({ outcome: "both-bad" })).toEqual([bad.id]);
    expect(await list({ outcome: "tie" })).toEqual([c3.id]);
    expect(await list({ outcome: "preferred" })).toEqual([strict.id, c2.id, c1.id]);
    const [rowBad, rowStrict] = (await listComparisons(admin.actor, { source: "arena" })).rows;
    expect(rowBad).toMatchObject({ source: "arena", tie: true, bothBad: true });
    expect(rowStrict).toMatchObject({
      source: "arena",
      tie: false,
      bothBad: false,
      preferred: { id: ex4.answers[0]!.id, modelId: "m-alpha" },
    });
    await expect(listComparisons(admin.actor, { outcome: "worst" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("answers nonsense filters with a clear validation error or an empty list, never a database error", async () => {
    const { list } = await fixture();
    const invalid: Record<string, unknown>[] = [
      { from: "2026-02-31" },
      { from: "0000-01-01" },
      { to: "yesterday" },
      { from: "2026-1-5" },
      { q: "x".repeat(10_000) },
      { user: "alice" },
      { source: "implicit" },
      { outcome: "worse" },
      { after: "garbage" },
      { before: "2026-13-45T99:99:99Z_00000000-0000-0000-0000-000000000000" },
      { limit: 10_000 },
      { after: `0000-01-01T00:00:00.000Z_${randomUUID()}` },
      { after: `2026-01-01T00:00:00.000Z_${"-".repeat(36)}` },
    ];
    for (const filters of invalid) {
      const error = await list(filters).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(filters).slice(0, 80)).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("VALIDATION");
      expect((error as AppError).message.length).toBeGreaterThan(0);
    }
    await expect(list({ q: "x".repeat(10_000) })).rejects.toThrow("Search is at most 200 characters.");
    await expect(list({ from: "2026-02-31" })).rejects.toThrow("That date does not exist.");
    // Extreme but valid page positions are just positions.
    expect(await list({ after: `9999-12-31T23:59:59.999Z_${randomUUID()}` })).toHaveLength(3);
    expect(await list({ before: `0001-01-01T00:00:00.000Z_${randomUUID()}` })).toHaveLength(3);
    expect(await list({ model: "no-such-model" })).toEqual([]);
    expect(await list({ user: randomUUID() })).toEqual([]);
    expect(await list({ from: "2026-02-01", to: "2026-01-01" })).toEqual([]);
    expect(await list({ q: '\'; DROP TABLE "Comparison"; --' })).toEqual([]);
    expect(await list({ model: '\'; DROP TABLE "Comparison"; --' })).toEqual([]);
    expect(await db().comparison.count()).toBe(3);
  });

  it("finds rare questions beyond the first few thousand comparisons, and pages through common ones", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const user = await createUser({ name: "Rater" });
    const other = await createUser({ name: "Other" });
    // Three old comparisons about zebras, under 2,101 newer ones about something else: the search's
    // first plan (checking comparisons in order) gives up, the full-text index finds them.
    const zebra = await exchange(user.user.id, "Where do zebras sleep?", ["m", "m"]);
    const more = await createExchange(user.user.id, { answers: 2 });
    const old = Date.UTC(2025, 0, 1);
    const zebras = [
      await compare(user.user.id, zebra, { preferred: 0, createdAt: new Date(old + 3000) }),
      // The same pair, compared by someone else (one row per user and pair).
      await compare(other.user.id, zebra, { pair: [1, 0], preferred: 1, createdAt: new Date(old + 2000) }),
    ];
    await db().message.update({ where: { id: more.question.id }, data: { text: "Zebra stripes, why?" } });
    await db()
      .$executeRaw`UPDATE "Message" SET "searchVector" = to_tsvector('simple', "text") WHERE "id" = ${more.question.id}::uuid`;
    zebras.push(await compare(user.user.id, more, { preferred: null, createdAt: new Date(old + 1000) }));
    const bulk = await exchange(user.user.id, "A common question about databases", ["m", "m"]);
    await db().$executeRaw`
      WITH answers AS (
        INSERT INTO "Message" ("conversationId", "parentId", "role", "text", "modelId", "updatedAt")
        SELECT ${bulk.conversation.id}::uuid, ${bulk.question.id}::uuid, 'assistant', 'Bulk ' || g, 'bulk-model', now()
        FROM generate_series(1, 2102) g
        RETURNING "id"
      ), numbered AS (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM answers)
      INSERT INTO "Comparison" ("userId", "conversationId", "promptId", "answerAId", "answerBId", "preferredId",
                                "source", "createdAt", "updatedAt")
      SELECT ${user.user.id}::uuid, ${bulk.conversation.id}::uuid, ${bulk.question.id}::uuid,
             least(a."id", b."id"), greatest(a."id", b."id"), a."id", 'explicit',
             now() - make_interval(secs => a.n), now()
      FROM numbered a JOIN numbered b ON b.n = a.n + 1`;
    expect(await db().comparison.count()).toBe(2104);

    const search = (filters: Record<string, unknown>) => listComparisons(admin.actor, filters);
    const first = await search({ q: "zebra", limit: 2 });
    expect(ids(first)).toEqual([zebras[0]!.id, zebras[1]!.id]);
    const second = await search({ q: "zebra", limit: 2, after: first.older! });
    expect(ids(second)).toEqual([zebras[2]!.id]);
    expect(second.older).toBeNull();
    expect(ids(await search({ q: "zebras", outcome: "preferred" }))).toEqual([zebras[0]!.id, zebras[1]!.id]);
    expect(ids(await search({ q: "zebra", source: "ratings" }))).toEqual([]);
    expect(ids(await search({ q: "sleep zebra", limit: 2, before: second.newer! }))).toEqual([
      zebras[0]!.id,
      zebras[1]!.id,
    ]);

    const seen: string[] = [];
    let page = await search({ q: "common databases", limit: 100 });
    seen.push(...ids(page));
    while (page.older) {
      page = await search({ q: "common databases", limit: 100, after: page.older });
      seen.push(...ids(page));
    }
    expect(seen).toHaveLength(2101);
    expect(new Set(seen).size).toBe(2101);
    expect(ids(await search({ q: "unheard-of-word" }))).toEqual([]);
  });

  describe("keyset pagination", () => {
    /** 75 comparisons over one question with 13 answers (78 possible pairs), some sharing a timestamp. */
    async function seventyFive() {
      const admin = await createUser({ role: "ADMIN" });
      const user = await createUser({ name: "Rater" });
      const ex = await createExchange(user.user.id, { answers: 13 });
      const pairs: [number, number][] = [];
      for (let i = 0; i < 13; i++) for (let j = i + 1; j < 13; j++) pairs.push([i, j]);
      const base = Date.UTC(2026, 0, 1);
      const rows = [];
      for (const [n, pair] of pairs.slice(0, 75).entries()) {
        // Groups of three share a millisecond: the id must break the tie.
        const createdAt = new Date(base + Math.floor(n / 3) * 60_000);
        rows.push(
          await compare(user.user.id, ex, { pair, preferred: n % 4 === 0 ? null : pair[0], createdAt }),
        );
      }
      const expected = [...rows]
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .map((row) => row.id);
      // Any further pairs (newer arrivals) come from a second question.
      const late = await createExchange(user.user.id, { answers: 12 });
      let latePair = 0;
      const latePairs: [number, number][] = [];
      for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) latePairs.push([i, j]);
      const arrive = async (count: number) => {
        for (let k = 0; k < count; k++) {
          await compare(user.user.id, late, {
            pair: latePairs[latePair++]!,
            preferred: null,
            createdAt: new Date(),
          });
        }
      };
      return { admin, expected, arrive };
    }

    it("returns every row exactly once, in order, and walks back the same pages", async () => {
      const { admin, expected } = await seventyFive();
      const pages = [];
      let page = await listComparisons(admin.actor, { limit: 20 });
      for (;;) {
        pages.push(page);
        if (!page.older) break;
        page = await listComparisons(admin.actor, { limit: 20, after: page.older });
      }
      expect(pages.map((p) => p.rows.length)).toEqual([20, 20, 20, 15]);
      expect(pages.flatMap(ids)).toEqual(expected);
      expect(pages[0]!.newer).toBeNull();

      // Back from the last page, one page at a time, to the first.
      let back = pages[3]!;
      for (let i = 2; i >= 0; i--) {
        back = await listComparisons(admin.actor, { limit: 20, before: back.newer! });
        expect(ids(back)).toEqual(ids(pages[i]!));
      }
      expect(back.newer).toBeNull();
    });

    it("has no duplicates and no gaps while new comparisons arrive between page fetches", async () => {
      const { admin, expected, arrive } = await seventyFive();
      const seen: string[] = [];
      let page = await listComparisons(admin.actor, { limit: 20 });
      seen.push(...ids(page));
      while (page.older) {
        await arrive(7);
        page = await listComparisons(admin.actor, { limit: 20, after: page.older });
        seen.push(...ids(page));
      }
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(75);
      // The arrivals are on the first page now.
      expect((await listComparisons(admin.actor, { limit: 100 })).rows).toHaveLength(96);
    });

    it("pages under a filter too", async () => {
      const { admin, expected } = await seventyFive();
      const all = await listComparisons(admin.actor, { outcome: "tie", limit: 100 });
      const seen: string[] = [];
      let page = await listComparisons(admin.actor, { outcome: "tie", limit: 4 });
      seen.push(...ids(page));
      while (page.older) {
        page = await listComparisons(admin.actor, { outcome: "tie", limit: 4, after: page.older });
        seen.push(...ids(page));
      }
      expect(seen).toEqual(ids(all));
      expect(seen).toHaveLength(19); // every fourth of 75
      expect(seen).toEqual(expected.filter((id) => seen.includes(id)));
    });
  });
});
