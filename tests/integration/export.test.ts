import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { db, pool } from "@/lib/db/client";
import { usableConversationWhere } from "@/lib/feedback/consent";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/errors/parse-input";
import { FORMAT_IDS, type FormatId } from "@/lib/export/types";
import { pseudonymKey, pseudonymousUserId } from "@/lib/export/source/pseudonym";
import { conversationBatches } from "@/lib/export/source/conversation-batches";
import { conversationStatement } from "@/lib/export/source/export-sql";
import { recordCliExportAudit } from "@/lib/export/pipeline/record-cli-export-audit";
import { exportInput, exportQuery, type ExportRequest } from "@/lib/export/export-input";
import { openExport, previewExport } from "@/lib/export/pipeline/admin-export";
import {
  exportLines,
  exporterOptions,
  summaryDocument,
  type ExportChunk,
} from "@/lib/export/pipeline/export-lines";
import { createUser } from "../helpers/factories";
import { exportRows, minutesAfter } from "../helpers/export-rows";
import { resetDatabase } from "../helpers/reset";

// Fixed ids and times (tests/helpers/export-rows.ts): the fixture has exactly one right output.
const at = minutesAfter(new Date(Date.UTC(2026, 0, 5, 9, 0)));
const SECRET = "integration-tests-secret-integration-tests-secret";

const FORBIDDEN = {
  optedOut: "Opted-out user's private words",
  temporary: "Temporary chat words",
  deleted: "Deleted conversation words",
  excluded: "Excluded answer words",
  deletedUser: "Deleted account words",
};

/** One conversation per row of the mapping table, plus every case the consent rule leaves out. */
async function seedFixture() {
  const { conversation, message, rate, compare, correct } = exportRows(at);
  const alice = await createUser({ name: "Alice", email: "alice@example.test" });
  const olga = await createUser({ name: "Olga", email: "olga@example.test", trainingConsent: false });
  const gone = await createUser({ name: "Gone", email: "gone@example.test" });
  const admin = await createUser({ role: "ADMIN", email: "admin@example.test" });
  const a = alice.user.id;

  // 1. Multi-turn with a system prompt: the unrated first answer is context (weight 0), the second up.
  const c1 = await conversation(a, { system: "You are concise." });
  const c1u1 = await message(c1.id, null, "user", "Capital of France?", 1);
  const c1a1 = await message(c1.id, c1u1, "assistant", "Paris.", 2);
  const c1u2 = await message(c1.id, c1a1, "user", "And of Italy?", 3);
  const c1a2 = await message(c1.id, c1u2, "assistant", "Rome.", 4);
  await rate(a, c1a2, "up", { minute: 5, reasons: ["correct"] });

  // 2. Thumbs down with an admin's correction (reviewed), on another model.
  const c2 = await conversation(a);
  const c2u = await message(c2.id, null, "user", "What is 2+2?", 6);
  const c2a = await message(c2.id, c2u, "assistant", "5.", 7, { model: "model-b" });
  await rate(a, c2a, "down", {
    minute: 8,
    reasons: ["not_factual"],
    comment: "Wrong sum",
    review: { status: "reviewed", minute: 50 },
  });
  await correct(c2a, "Old fix.", 51);
  await correct(c2a, "4.", 52);

  // 3. Thumbs down only.
  const c3 = await conversation(a);
  const c3u = await message(c3.id, null, "user", "Name a color.", 9);
  const c3a = await message(c3.id, c3u, "assistant", "Seven.", 10);
  await rate(a, c3a, "down", { minute: 11, reasons: ["not_following_instructions"] });

  // 4. An explicit comparison of unrated regenerations, and a tie.
  const c4 = await conversation(a);
  const c4u = await message(c4.id, null, "user", "Best pet?", 12);
  const c4b1 = await message(c4.id, c4u, "assistant", "Cats.", 13);
  const c4b2 = await message(c4.id, c4u, "assistant", "Dogs.", 14);
  const c4b3 = await message(c4.id, c4u, "assistant", "Fish.", 15);
  await compare(a, c4u, [c4b1, c4b2], c4b2, "explicit", 16);
  await compare(a, c4u, [c4b2, c4b3], null, "explicit", 17);

  // 5. A comparison implied by ratings: one answer up, its sibling down.
  const c5 = await conversation(a);
  const c5u = await message(c5.id, null, "user", "Square root of 9?", 18);
  const c5a1 = await message(c5.id, c5u, "assistant", "3.", 19);
  const c5a2 = await message(c5.id, c5u, "assistant", "4.5.", 20);
  await rate(a, c5a1, "up", { minute: 21 });
  await rate(a, c5a2, "down", { minute: 22 });
  await compare(a, c5u, [c5a1, c5a2], c5a1, "ratings", 22);

  // 6. An edited question: two branches, the old answer down, the new one up.
  const c6 = await conversation(a);
  const c6u1 = await message(c6.id, null, "user", "Tell me a joke.", 23);
  const c6a1 = await message(c6.id, c6u1, "assistant", "No.", 24);
  const c6u2 = await message(c6.id, null, "user", "Tell me a short joke.", 25);
  const c6a2 = await message(c6.id, c6u2, "assistant", "Knock knock.", 26);
  await rate(a, c6a1, "down", { minute: 27 });
  await rate(a, c6a2, "up", { minute: 28 });

  // 7. An excluded rating next to a kept one: the excluded answer goes out nowhere.
  const c7 = await conversation(a);
  const c7u = await message(c7.id, null, "user", "Say hi.", 29);
  const c7a1 = await message(c7.id, c7u, "assistant", FORBIDDEN.excluded, 30);
  const c7a2 = await message(c7.id, c7u, "assistant", "Hi!", 31);
  await rate(a, c7a1, "up", { minute: 32, review: { status: "excluded", minute: 50 } });
  await rate(a, c7a2, "up", { minute: 33 });

  // Left out by the consent rule: consent off, temporary, deleted conversation, deleted account.
  const left: [string, { temporary?: boolean; deleted?: boolean }, string][] = [
    [olga.user.id, {}, FORBIDDEN.optedOut],
    [a, { temporary: true }, FORBIDDEN.temporary],
    [a, { deleted: true }, FORBIDDEN.deleted],
    [gone.user.id, {}, FORBIDDEN.deletedUser],
  ];
  for (const [userId, options, text] of left) {
    const c = await conversation(userId, options);
    const u = await message(c.id, null, "user", `${text}?`, 40);
    const x = await message(c.id, u, "assistant", text, 41);
    await rate(userId, x, "up", { minute: 42 });
  }
  await db().user.delete({ where: { id: gone.user.id } });

  return { alice, olga, admin, ids: { c1, c2, c2a, c4, c5, c6, c7 } };
}

type Fixture = Awaited<ReturnType<typeof seedFixture>>;

function request(raw: Record<string, unknown>): ExportRequest {
  return parseInput(exportInput, raw);
}

/** Runs the pipeline; returns the files' text and the summary chunk. */
async function run(raw: Record<string, unknown>, runOptions: { batchSize?: number } = {}) {
  const req = request(raw);
  const text = { train: "", validation: "" };
  let last: Extract<ExportChunk, { kind: "summary" }> | undefined;
  for await (const chunk of exportLines(req.filters, exporterOptions(req), runOptions)) {
    if (chunk.kind === "summary") last = chunk;
    else for (const { split, line } of chunk.lines) text[split] += line;
  }
  return { ...text, lines: text.train.split("\n").filter(Boolean), result: last!, request: req };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    parts.push(value);
  }
}

const sys = (content: string) => ({ role: "system", content });
const user = (content: string) => ({ role: "user", content });
const bot = (content: string, weight?: 0 | 1) => ({
  role: "assistant",
  content,
  ...(weight === undefined ? {} : { weight }),
});
const line = (value: unknown) => JSON.stringify(value);

describe("export pipeline: what gets in", () => {
  let fixture: Fixture;
  beforeEach(async () => {
    await resetDatabase();
    fixture = await seedFixture();
  });

  it("openai-sft: exactly the expected lines", async () => {
    const { lines, result } = await run({ format: "openai-sft" });
    expect(lines).toEqual([
      line({
        messages: [
          sys("You are concise."),
          user("Capital of France?"),
          bot("Paris.", 0),
          user("And of Italy?"),
          bot("Rome.", 1),
        ],
      }),
      line({ messages: [user("What is 2+2?"), bot("4.", 1)] }),
      line({ messages: [user("Best pet?"), bot("Dogs.", 1)] }),
      line({ messages: [user("Square root of 9?"), bot("3.", 1)] }),
      line({ messages: [user("Tell me a short joke."), bot("Knock knock.", 1)] }),
      line({ messages: [user("Say hi."), bot("Hi!", 1)] }),
    ]);
    expect(result.summary.lines).toEqual({ train: 6, validation: 0 });
    expect(result.progress.conversations).toBe(7);
    expect(result.summary.skipped).toEqual({ excluded_rating: 1 });
  });

  it("openai-dpo: corrections, explicit and implied comparisons; never a tie or an edited branch", async () => {
    const { lines } = await run({ format: "openai-dpo" });
    const pair = (messages: unknown[], preferred: string, rejected: string) =>
      line({
        input: { messages },
        preferred_output: [bot(preferred)],
        non_preferred_output: [bot(rejected)],
      });
    expect(lines).toEqual([
      pair([user("What is 2+2?")], "4.", "5."),
      pair([user("Best pet?")], "Dogs.", "Cats."),
      pair([user("Square root of 9?")], "3.", "4.5."),
    ]);
  });

  it("trl-kto: both labels, the correction true and the original false, each branch its own prompt", async () => {
    const { lines, result } = await run({ format: "trl-kto" });
    const kto = (prompt: unknown[], completion: string, label: boolean) =>
      line({ prompt, completion: [bot(completion)], label });
    expect(lines).toEqual([
      kto(
        [sys("You are concise."), user("Capital of France?"), bot("Paris."), user("And of Italy?")],
        "Rome.",
        true,
      ),
      kto([user("What is 2+2?")], "4.", true),
      kto([user("What is 2+2?")], "5.", false),
      kto([user("Name a color.")], "Seven.", false),
      kto([user("Best pet?")], "Cats.", false),
      kto([user("Best pet?")], "Dogs.", true),
      kto([user("Square root of 9?")], "3.", true),
      kto([user("Square root of 9?")], "4.5.", false),
      kto([user("Tell me a joke.")], "No.", false),
      kto([user("Tell me a short joke.")], "Knock knock.", true),
      kto([user("Say hi.")], "Hi!", true),
    ]);
    expect(result.summary.kto?.train).toEqual({ desirable: 6, undesirable: 5 });
  });

  it("raw: pseudonymous user, the comment, the newest correction, the tie; never the email", async () => {
    const { lines } = await run({ format: "raw" });
    const rows = lines.map((text) => JSON.parse(text) as Record<string, unknown>);
    const key = pseudonymousUserId(fixture.alice.user.id, pseudonymKey(SECRET));
    expect(rows.every((row) => row.user === key)).toBe(true);
    const corrected = rows.find((row) => row.messageId === fixture.ids.c2a.id)!;
    expect(corrected).toMatchObject({
      type: "rating",
      conversationId: fixture.ids.c2.id,
      answer: "5.",
      rating: "down",
      reasons: ["not_factual"],
      comment: "Wrong sum",
      review: { status: "reviewed", note: "", reviewedAt: at(50).toISOString() },
      correction: { text: "4.", createdAt: at(52).toISOString() },
      model: { id: "model-b", provider: "openai-compatible", params: { seed: 1, temperature: 0.7 } },
      usage: { inputTokens: 10, outputTokens: 3 },
      timings: { timeToFirstTokenMs: 100, durationMs: 200 },
      finishReason: "stop",
      status: "complete",
      timestamps: { answeredAt: at(7).toISOString(), ratedAt: at(8).toISOString() },
    });
    const comparisons = rows.filter((row) => row.type === "comparison");
    expect(comparisons.map((row) => row.preferredMessageId === null)).toEqual([false, true, false]);
    const text = lines.join("\n");
    expect(text).not.toContain(fixture.alice.user.id);
    expect(text).not.toContain("alice@example.test");
  });

  it("writes every format; the opted-out, temporary, deleted and excluded texts appear in none", async () => {
    for (const format of FORMAT_IDS) {
      for (const options of [{}, { redact: "1", split: "0.5", dedupe: "0" }]) {
        const { train, validation, result } = await run({ format, ...options });
        const all = train + validation;
        for (const text of all.split("\n").filter(Boolean))
          expect(() => {
            JSON.parse(text);
          }).not.toThrow();
        for (const forbidden of Object.values(FORBIDDEN)) expect(all, format).not.toContain(forbidden);
        expect(result.summary.format).toBe(format);
        expect(train.split("\n").length - 1 + (validation ? validation.split("\n").length - 1 : 0)).toBe(
          result.summary.lines.train + result.summary.lines.validation,
        );
      }
    }
  });

  it("is deterministic: the same data and options give the same bytes, whatever the batch size", async () => {
    for (const format of ["raw", "openai-sft", "trl-kto"] as FormatId[]) {
      const options = { format, split: "0.7", seed: "s1", redact: "1" };
      const first = await run(options);
      const second = await run(options, { batchSize: 2 });
      expect(second.train).toBe(first.train);
      expect(second.validation).toBe(first.validation);
      const summary = (r: typeof first) => summaryDocument(r.request, r.result.summary, r.result.progress);
      expect(summary(second)).toBe(summary(first));
    }
    // The split is by conversation: another seed moves whole conversations.
    const split = await run({ format: "raw", split: "0.5", seed: "s1" });
    const conversationsOf = (text: string) =>
      new Set(
        text
          .split("\n")
          .filter(Boolean)
          .map((t) => (JSON.parse(t) as { conversationId: string }).conversationId),
      );
    const train = conversationsOf(split.train);
    for (const id of conversationsOf(split.validation)) expect(train.has(id)).toBe(false);
  });
});

describe("export pipeline: filters", () => {
  let fixture: Fixture;
  beforeEach(async () => {
    await resetDatabase();
    fixture = await seedFixture();
  });

  const answers = async (raw: Record<string, unknown>) =>
    (await run({ format: "trl-kto", ...raw })).lines.map(
      (text) => `${(JSON.parse(text) as { completion: { content: string }[] }).completion[0]!.content}`,
    );

  it("by the rating's date, whole UTC days", async () => {
    await db().feedback.updateMany({
      where: { messageId: fixture.ids.c2a.id },
      data: { createdAt: new Date(Date.UTC(2026, 1, 1, 23, 59)) },
    });
    expect(await answers({ since: "2026-02-01" })).toEqual(["4.", "5."]);
    expect(await answers({ since: "2026-02-02" })).toEqual([]);
    expect(await answers({ until: "2026-01-31", rating: "down" })).toEqual(["Seven.", "4.5.", "No."]);
    expect(await answers({ since: "2026-02-01", until: "2026-02-01" })).toEqual(["4.", "5."]);
  });

  it("by rating, reason, review status (reviewed only), model and user", async () => {
    expect(await answers({ rating: "up" })).toEqual(["Rome.", "3.", "Knock knock.", "Hi!"]);
    // A correction comes with its rating whatever the rating was.
    expect(await answers({ rating: "down" })).toEqual(["4.", "5.", "Seven.", "4.5.", "No."]);
    expect(await answers({ reason: ["correct", "not_following_instructions"] })).toEqual(["Rome.", "Seven."]);
    expect(await answers({ reviewedOnly: "1" })).toEqual(["4.", "5."]);
    expect(await answers({ reviewStatus: "reviewed" })).toEqual(["4.", "5."]);
    expect(await answers({ model: "model-b" })).toEqual(["4.", "5."]);
    expect(await answers({ model: ["model-b", "nope"], rating: "up" })).toEqual([]);
    expect(await answers({ user: fixture.olga.user.id })).toEqual([]);
    expect((await answers({ user: fixture.alice.user.id })).length).toBe(11);
  });

  it("with a rating filter, a pair implied by ratings goes only with both ratings; explicit ones not at all", async () => {
    const dpo = async (raw: Record<string, unknown>) =>
      (await run({ format: "openai-dpo", ...raw })).lines.length;
    expect(await dpo({})).toBe(3);
    // Up only: the implied pair loses its down rating; the explicit comparison has no rating.
    expect(await dpo({ rating: "up" })).toBe(0);
    // …and is left out as filtered, not reported as a stale comparison.
    expect((await run({ format: "raw", rating: "up" })).result.summary.skipped).toEqual({
      excluded_rating: 1,
    });
    // The model filter keeps comparisons whose answers are of that model.
    expect(await dpo({ model: "model-a" })).toBe(2);
  });

  it("an explicit comparison goes out only when no rating of its answers is filtered out", async () => {
    // The implied pair of conversation 5 becomes an explicit choice; the losing answer's rating is old.
    await db().comparison.updateMany({
      where: { conversationId: fixture.ids.c5.id },
      data: { source: "explicit" },
    });
    await db().feedback.updateMany({
      where: { conversationId: fixture.ids.c5.id, rating: "down" },
      data: { createdAt: new Date(Date.UTC(2025, 11, 1)) },
    });
    const dpo = async (raw: Record<string, unknown>) =>
      (await run({ format: "openai-dpo", ...raw })).lines.map(
        (text) =>
          (JSON.parse(text) as { preferred_output: { content: string }[] }).preferred_output[0]!.content,
      );
    expect(await dpo({})).toEqual(["4.", "Dogs.", "3."]);
    expect(await dpo({ since: "2026-01-01" })).toEqual(["4.", "Dogs."]);
    // Without the comparison, the old down rating does not come back as a losing unrated answer.
    expect(await answers({ since: "2026-01-01" })).not.toContain("4.5.");
    expect(await answers({ since: "2026-01-01" })).toContain("3.");
  });

  it("refuses nonsense with a clear message", () => {
    const bad: [Record<string, unknown>, string][] = [
      [{}, "Choose a format."],
      [{ format: "csv" }, "Choose a format."],
      [{ format: "raw", since: "2026-02-31" }, "That date does not exist."],
      [{ format: "raw", since: "2026-02-02", until: "2026-02-01" }, "The start date is after the end date."],
      [{ format: "raw", reason: "rude" }, "Unknown reason."],
      [{ format: "raw", user: "bob" }, "Users are given by their id."],
      [
        { format: "raw", split: "1" },
        "The split is the training share: more than 0 and less than 1, e.g. 0.9.",
      ],
      [{ format: "raw", maxRows: "0" }, "Maximum rows is at least 1."],
      [
        { format: "raw", reviewedOnly: "1", reviewStatus: "pending" },
        "“Reviewed only” and “Pending” exclude each other.",
      ],
      [{ format: "raw", reviewStatus: "excluded" }, "Review status is pending or reviewed."],
    ];
    for (const [raw, message] of bad) {
      expect(() => request(raw), JSON.stringify(raw)).toThrow(message);
    }
    expect(request({ format: "raw", model: "a, b", dedupe: ["0", "1"], split: "0.9" })).toMatchObject({
      filters: { models: ["a", "b"] },
      options: { dedupe: true, split: { trainShare: 0.9, validationRatio: 0.1, seed: "flywheel" } },
    });
  });

  it("by the conversation's source (chat, API call, playground run); all by default", async () => {
    const { c2, c4, c5 } = fixture.ids;
    await db().conversation.updateMany({ where: { id: { in: [c2.id, c5.id] } }, data: { source: "api" } });
    await db().conversation.update({ where: { id: c4.id }, data: { source: "playground" } });
    const everything = await answers({});
    expect(everything).toHaveLength(11);
    expect(await answers({ source: "api" })).toEqual(["4.", "5.", "3.", "4.5."]);
    expect(await answers({ source: ["chat", "api", "playground"] })).toEqual(everything);
    expect(await answers({ source: "chat" })).toEqual(["Rome.", "Seven.", "No.", "Knock knock.", "Hi!"]);
    // Conversation 4 holds explicit comparisons only: they go with their source.
    const dpo = async (raw: Record<string, unknown>) =>
      (await run({ format: "openai-dpo", ...raw })).lines.length;
    expect(await dpo({ source: "playground" })).toBe(1);
    expect(await dpo({ source: "chat, api" })).toBe(2);

    // The preview's counts and lines agree with the download.
    const preview = await previewExport(fixture.admin.actor, { format: "trl-kto", source: "api" });
    expect(preview.complete).toBe(true);
    expect(preview.matching).toEqual({ ratings: 3, comparisons: 1 });
    expect(preview.summary.lines.train).toBe(4);
    // The download link repeats the previewed request, the source included.
    expect(exportQuery(preview.request)).toContain("source=api");
    const download = await openExport(fixture.admin.actor, { format: "trl-kto", source: "api" });
    const body = (await readAll(download.body)).toString("utf8");
    expect(body).toBe((await run({ format: "trl-kto", source: "api" })).train);
    expect(body.split("\n").filter(Boolean)).toHaveLength(4);
    const playground = await previewExport(fixture.admin.actor, { format: "raw", source: "playground" });
    expect(playground.matching).toEqual({ ratings: 0, comparisons: 2 });

    // Every source ticked is no filter at all: one canonical request.
    expect(request({ format: "raw", source: ["api", "chat", "playground", "api"] }).filters.sources).toEqual(
      [],
    );
    expect(request({ format: "raw", source: ["playground", "api"] }).filters.sources).toEqual([
      "api",
      "playground",
    ]);
    expect(() => request({ format: "raw", source: "email" })).toThrow("Sources are chat, api or playground.");
  });

  it("stops at the row limit", async () => {
    const { lines, result } = await run({ format: "trl-kto", maxRows: "3" });
    expect(lines).toHaveLength(3);
    expect(result.summary.lines.train).toBe(3);
  });
});

describe("export: access, audit, download, cancel", () => {
  let fixture: Fixture;
  beforeEach(async () => {
    await resetDatabase();
    fixture = await seedFixture();
  });

  it("only an active admin may preview or download; everyone else gets not found", async () => {
    const disabledAdmin = await createUser({ role: "ADMIN", disabled: true });
    const actors: [string, Actor, string][] = [
      ["anonymous", null, "NOT_FOUND"],
      ["unknown id", { userId: randomUUID() }, "NOT_FOUND"],
      ["user", fixture.alice.actor, "NOT_FOUND"],
      ["disabled admin", disabledAdmin.actor, "NOT_FOUND"],
      ["admin", fixture.admin.actor, "ok"],
    ];
    for (const [kind, actor, expected] of actors) {
      for (const call of [
        () => previewExport(actor, { format: "raw" }),
        async () => (await openExport(actor, { format: "raw" })).body.cancel(),
      ]) {
        const outcome = await call().then(
          () => "ok",
          (error: unknown) => (error instanceof AppError ? error.code : String(error)),
        );
        expect(outcome, kind).toBe(expected);
      }
    }
    // A non-admin leaves no trace; the admin's cancelled download is on record.
    const entries = await db().auditLog.findMany({ orderBy: { createdAt: "asc" } });
    expect(entries.map((entry) => [entry.actorEmail, (entry.details as { status: string }).status])).toEqual([
      ["admin@example.test", "started"],
      ["admin@example.test", "cancelled"],
    ]);
    await expect(openExport(fixture.admin.actor, { format: "xml" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("previews counts and the first lines", async () => {
    const preview = await previewExport(fixture.admin.actor, { format: "trl-kto", split: "0.5" });
    expect(preview.complete).toBe(true);
    expect(preview.matching).toEqual({ ratings: 8, comparisons: 3 });
    expect(preview.summary.lines.train + preview.summary.lines.validation).toBe(11);
    expect(preview.firstLines).toHaveLength(5);
    expect(preview.summary.skipped).toEqual({ excluded_rating: 1 });
  });

  it("streams the download as JSON Lines and records it, with its row counts, in the audit log", async () => {
    const download = await openExport(fixture.admin.actor, { format: "openai-sft", since: "2026-01-01" });
    expect(download).toMatchObject({
      fileName: "openai-sft.jsonl",
      contentType: "application/x-ndjson; charset=utf-8",
    });
    const body = (await readAll(download.body)).toString("utf8");
    expect(body).toBe((await run({ format: "openai-sft" })).train);
    const entries = await db().auditLog.findMany({ orderBy: { createdAt: "asc" } });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      actorId: fixture.admin.user.id,
      action: "export.download",
      targetType: "export",
      details: { status: "started", format: "openai-sft", filters: { since: "2026-01-01" } },
    });
    expect(entries[1]).toMatchObject({
      targetId: entries[0]!.targetId,
      details: { status: "completed", rows: 6, train: 6, validation: 0, conversations: 7 },
    });
  });

  it("with a split, downloads a ZIP of the training file, the validation file and the summary", async () => {
    const raw = { format: "trl-kto", split: "0.5", seed: "s2" };
    const download = await openExport(fixture.admin.actor, raw);
    expect(download).toMatchObject({ fileName: "trl-kto.zip", contentType: "application/zip" });
    const bytes = await readAll(download.body);
    const again = await readAll((await openExport(fixture.admin.actor, raw)).body);
    expect(again.equals(bytes)).toBe(true);
    const directory = mkdtempSync(path.join(tmpdir(), "export-test-"));
    try {
      const file = path.join(directory, "export.zip");
      writeFileSync(file, bytes);
      execFileSync("unzip", ["-t", "-q", file]);
      const listing = execFileSync("python3", ["-m", "zipfile", "-l", file], { encoding: "utf8" });
      expect(listing).toMatch(/trl-kto\.train\.jsonl/);
      const expected = await run(raw);
      const unzip = (name: string) => execFileSync("unzip", ["-p", file, name], { encoding: "utf8" });
      expect(unzip("trl-kto.train.jsonl")).toBe(expected.train);
      expect(unzip("trl-kto.validation.jsonl")).toBe(expected.validation);
      expect(expected.train.length).toBeGreaterThan(0);
      expect(expected.validation.length).toBeGreaterThan(0);
      expect(JSON.parse(unzip("trl-kto.summary.json"))).toMatchObject({
        format: "trl-kto",
        lines: expected.result.summary.lines,
        options: { split: { trainShare: 0.5, seed: "s2" } },
      });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("stops reading when the signal aborts", async () => {
    const req = request({ format: "raw" });
    const abort = new AbortController();
    const seen: number[] = [];
    const batches = conversationBatches(req.filters, {
      production: true,
      secret: SECRET,
      signal: abort.signal,
      batchSize: 1,
    });
    await expect(
      (async () => {
        for await (const batch of batches) {
          seen.push(batch.snapshots.length);
          abort.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(seen).toEqual([1]);

    // Already aborted: nothing is read.
    const lines = exportLines(req.filters, exporterOptions(req), { signal: AbortSignal.abort() });
    await expect(lines.next()).rejects.toThrow();
  });

  it("a cancelled download stops the export and is on record as cancelled", async () => {
    // About 4 MB of raw lines: several chunks, so the download is cancelled halfway.
    await db().$executeRaw`
      WITH c AS (
        INSERT INTO "Conversation" ("id", "userId", "title", "updatedAt")
        SELECT gen_random_uuid(), ${fixture.alice.user.id}::uuid, 'Bulk', now() FROM generate_series(1, 400)
        RETURNING "id"),
      q AS (
        INSERT INTO "Message" ("id", "conversationId", "role", "text", "updatedAt")
        SELECT gen_random_uuid(), c."id", 'user', repeat('question ', 600), now() FROM c
        RETURNING "id", "conversationId"),
      a AS (
        INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "text", "updatedAt")
        SELECT gen_random_uuid(), q."conversationId", q."id", 'assistant', repeat('answer ', 700), now() FROM q
        RETURNING "id", "conversationId")
      INSERT INTO "Feedback" ("id", "messageId", "userId", "conversationId", "rating", "updatedAt")
      SELECT gen_random_uuid(), a."id", ${fixture.alice.user.id}::uuid, a."conversationId", 'up', now() FROM a`;
    const download = await openExport(fixture.admin.actor, { format: "raw" });
    const reader = download.body.getReader();
    const first = await reader.read();
    expect(first.value!.length).toBeGreaterThan(1_000_000);
    await reader.cancel();
    const entries = await db().auditLog.findMany({ orderBy: { createdAt: "asc" } });
    expect(entries.map((entry) => (entry.details as { status: string }).status)).toEqual([
      "started",
      "cancelled",
    ]);
    const end = entries[1]!.details as { rows: number; conversations: number };
    expect(end.rows).toBeLessThan(408);
  });
});

describe("export: the CLI's database side, without Prisma", () => {
  let fixture: Fixture;
  beforeEach(async () => {
    await resetDatabase();
    fixture = await seedFixture();
  });

  it("selects the usable conversations with SQL exactly as the consent rule's Prisma filter does", async () => {
    await db().conversation.update({ where: { id: fixture.ids.c4.id }, data: { source: "api" } });
    type Source = "chat" | "api" | "playground";
    const sql = async (users: string[], sources: Source[] = []) =>
      (await pool().query<{ id: string }>(conversationStatement({ users, sources }, null, 1_000))).rows.map(
        (row) => row.id,
      );
    const prisma = async (users: string[], sources: Source[] = []) =>
      (
        await db().conversation.findMany({
          where: {
            AND: [
              usableConversationWhere(),
              users.length > 0 ? { userId: { in: users } } : {},
              sources.length > 0 ? { source: { in: sources } } : {},
            ],
          },
          orderBy: { id: "asc" },
          select: { id: true },
        })
      ).map((row) => row.id);
    const all = await db().conversation.count();
    const usable = await prisma([]);
    expect(usable.length).toBeGreaterThan(0);
    expect(usable.length).toBeLessThan(all);
    expect(await sql([])).toEqual(usable);
    for (const users of [
      [fixture.alice.user.id],
      [fixture.olga.user.id],
      [fixture.alice.user.id, randomUUID()],
    ]) {
      expect(await sql(users)).toEqual(await prisma(users));
    }
    for (const sources of [["api"], ["chat"], ["playground"], ["chat", "api"]] as Source[][]) {
      expect(await sql([], sources)).toEqual(await prisma([], sources));
    }
    expect(await sql([], ["api"])).toEqual([fixture.ids.c4.id]);
    const after = usable[1]!;
    const next = await pool().query<{ id: string }>(
      conversationStatement({ users: [], sources: [] }, after, 2),
    );
    expect(next.rows.map((row) => row.id)).toEqual(usable.slice(2, 4));
  });

  it("records the CLI's audit entries as the app's Prisma write would", async () => {
    const req = request({ format: "trl-kto" });
    const before = Date.now();
    await recordCliExportAudit("cli-export-1", req, {
      status: "completed",
      progress: { conversations: 3, lines: { train: 5, validation: 1 } },
    });
    const [entry] = await db().auditLog.findMany();
    expect(entry).toMatchObject({
      actorId: null,
      actorEmail: "cli",
      action: "export.download",
      targetType: "export",
      targetId: "cli-export-1",
      details: {
        status: "completed",
        format: "trl-kto",
        rows: 6,
        train: 5,
        validation: 1,
        conversations: 3,
        filters: req.filters,
        options: req.options,
      },
    });
    // Stored in UTC, as Prisma stores `@default(now())`: read back, it is the current time.
    expect(Math.abs(entry!.createdAt.getTime() - before)).toBeLessThan(60_000);
  });

  it("npm run export writes the pipeline's bytes, in its worker thread", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "export-cli-"));
    if (inject("embedded")) {
      // The embedded server takes one connection at a time: hand ours back (closed) to the CLI.
      const client = await pool().connect();
      client.release(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    try {
      execFileSync(
        process.execPath,
        // As `npm run export` runs it: bundled by scripts/run-export.mjs, under plain Node.
        ["--conditions=react-server", "scripts/run-export.mjs", "--format", "raw", "--out", directory],
        {
          env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, AUTH_SECRET: SECRET },
          stdio: "pipe",
        },
      );
      const expected = await run({ format: "raw" });
      expect(readFileSync(path.join(directory, "raw.jsonl"), "utf8")).toBe(expected.train);
      expect(readFileSync(path.join(directory, "raw.summary.json"), "utf8")).toBe(
        summaryDocument(expected.request, expected.result.summary, expected.result.progress),
      );
      const entries = await db().auditLog.findMany({ orderBy: { createdAt: "asc" } });
      expect(
        entries.map((entry) => [entry.actorEmail, (entry.details as { status: string }).status]),
      ).toEqual([
        ["cli", "started"],
        ["cli", "completed"],
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
