// The serialiser writes rows member by member with memoised turns, and remembers lines by a skeleton
// (lib/export/lines/serialize.ts). Both must be invisible: the bytes are JSON.stringify's, and the
// fingerprint depends on the line only, never on which objects happened to be shared or frozen.
import { describe, expect, it } from "vitest";
import { createExporter } from "@/lib/export/lines/exporter";
import { FORMAT_IDS } from "@/lib/export/types";
import { conversationItems } from "@/lib/export/items/conversation-items";
import type { ConversationSnapshot, SnapshotMessage } from "@/lib/export/items/snapshot";
import { pseudonymKey, pseudonymousUserId } from "@/lib/export/source/pseudonym";
import { isJsonValue, jsonLine, toJsonLine } from "@/lib/export/lines/serialize";

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const TEXTS = [
  "",
  "Hi",
  'quote " and \\ back',
  "line\nbreak",
  "Ça va? 日本語 👍",
  "\ud800",
  "\u0000",
  "x".repeat(300),
];

function value(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 5 : 8));
  switch (pick) {
    case 0:
      return TEXTS[Math.floor(next() * TEXTS.length)];
    case 1:
      return Math.floor(next() * 1000) - 500;
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return next() * 10;
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let index = Math.floor(next() * 4); index > 0; index--)
        object[`k${Math.floor(next() * 9)}`] = value(next, depth + 1);
      return next() < 0.5 ? Object.freeze(object) : object;
    }
  }
}

describe("jsonLine", () => {
  it("writes exactly JSON.stringify's bytes, for any row", () => {
    const next = random(42);
    for (let index = 0; index < 2_000; index++) {
      const row: Record<string, unknown> = {};
      for (let key = Math.floor(next() * 6); key > 0; key--)
        row[`f${Math.floor(next() * 7)}`] = value(next, 0);
      if (next() < 0.2) row.skipped = undefined;
      if (next() < 0.2) row["10"] = "integer-like keys come first, in JSON.stringify too";
      if (next() < 0.2) row.list = [undefined, () => 1, Object.freeze({ a: 1 }), [Object.freeze({ b: 2 })]];
      expect(jsonLine(row).text).toBe(toJsonLine(row));
      expect(toJsonLine(row)).toBe(`${JSON.stringify(row)}\n`);
    }
  });

  it("gives equal skeletons to equal lines, whatever was frozen or shared", () => {
    const turn = { role: "user", content: "Capital of France?" };
    const frozen = Object.freeze({ ...turn });
    const a = { prompt: [frozen, frozen], label: true };
    const b = { prompt: [{ ...turn }, Object.freeze({ ...turn })], label: true };
    expect(jsonLine(a).text).toBe(jsonLine(b).text);
    expect(jsonLine(a).skeleton).toBe(jsonLine(b).skeleton);
    // Asked again (now from the memo), still the same.
    expect(jsonLine(a).skeleton).toBe(jsonLine(b).skeleton);
  });

  it("gives different skeletons to different lines", () => {
    const seen = new Map<string, string>();
    const next = random(7);
    for (let index = 0; index < 2_000; index++) {
      const row = { list: [value(next, 3), Object.freeze({ c: value(next, 3) })], n: Math.floor(next() * 3) };
      const { text, skeleton } = jsonLine(row);
      const known = seen.get(skeleton);
      if (known !== undefined) expect(known).toBe(text);
      seen.set(skeleton, text);
    }
    // Content that only differs inside an element, and elements moved across members.
    expect(jsonLine({ a: [Object.freeze({ t: "x" })] }).skeleton).not.toBe(
      jsonLine({ a: [Object.freeze({ t: "y" })] }).skeleton,
    );
    expect(jsonLine({ a: [{ t: "x" }], b: [] }).skeleton).not.toBe(
      jsonLine({ a: [], b: [{ t: "x" }] }).skeleton,
    );
  });

  it("never remembers an object that could still change", () => {
    const inner = { text: "before" };
    const shallow = Object.freeze({ inner });
    const row = { list: [shallow] };
    expect(jsonLine(row).text).toBe(toJsonLine(row));
    inner.text = "after";
    expect(jsonLine(row).text).toBe(toJsonLine(row));
    const open = { text: "before" };
    expect(jsonLine({ list: [open] }).text).toBe(toJsonLine({ list: [open] }));
    open.text = "after";
    expect(jsonLine({ list: [open] }).text).toBe(toJsonLine({ list: [open] }));
  });
});

describe("isJsonValue", () => {
  it("accepts what JSON.parse can return and nothing else", () => {
    for (const ok of [null, true, 0, -1.5, "s", [], {}, { a: [1, { b: null }] }, Object.create(null)]) {
      expect(isJsonValue(ok)).toBe(true);
    }
    for (const bad of [
      undefined,
      NaN,
      Infinity,
      1n,
      () => 1,
      Symbol("s"),
      new Date(0),
      [NaN],
      { a: undefined },
    ]) {
      expect(isJsonValue(bad)).toBe(false);
    }
  });
});

describe("a conversation's lines", () => {
  const message = (
    id: string,
    parentId: string | null,
    role: SnapshotMessage["role"],
    text: string,
    at: number,
  ) =>
    ({
      id,
      parentId,
      role,
      text,
      modelId: role === "assistant" ? "m" : null,
      provider: role === "assistant" ? "p" : null,
      params: role === "assistant" ? { temperature: 0.2 } : null,
      inputTokens: 1,
      outputTokens: 2,
      timeToFirstTokenMs: 3,
      durationMs: 4,
      finishReason: "stop",
      status: "complete",
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(),
    }) satisfies SnapshotMessage;
  const feedback = (id: string, messageId: string, rating: "up" | "down", at: number) => ({
    id,
    messageId,
    rating,
    reasons: [],
    comment: "",
    reviewStatus: "pending" as const,
    reviewNote: "",
    reviewedAt: null,
    modelId: null,
    provider: null,
    params: null,
    createdAt: new Date(Date.UTC(2026, 0, 2, 0, 0, at)).toISOString(),
    updatedAt: new Date(Date.UTC(2026, 0, 2, 0, 0, at)).toISOString(),
  });
  const snapshot = (conversationId: string): ConversationSnapshot => ({
    conversationId,
    userKey: pseudonymousUserId("user-1", pseudonymKey("secret")),
    systemPrompt: "Be brief.",
    messages: [
      message("u1", null, "user", "Hi", 1),
      message("a1", "u1", "assistant", "Hello!", 2),
      message("u2", "a1", "user", "Capital of France?", 3),
      message("a2", "u2", "assistant", "Paris.", 4),
      message("a3", "u2", "assistant", "Lyon.", 5),
      message("u3", "a2", "user", "And Spain?", 6),
      message("a4", "u3", "assistant", "Madrid.", 7),
    ],
    feedback: [
      feedback("f1", "a1", "up", 1),
      feedback("f2", "a2", "up", 2),
      feedback("f3", "a3", "down", 3),
      feedback("f4", "a4", "up", 4),
    ],
    corrections: [],
    comparisons: [
      {
        id: "k1",
        promptId: "u2",
        answerAId: "a2",
        answerBId: "a3",
        preferredId: "a2",
        source: "ratings",
        createdAt: "2026-01-03T00:00:00.000Z",
        updatedAt: "2026-01-03T00:00:00.000Z",
      },
    ],
  });

  it("are JSON.stringify's bytes in every format, and repeated conversations are deduplicated", () => {
    for (const format of FORMAT_IDS) {
      const exporter = createExporter({ format });
      const { items } = conversationItems(snapshot("c1"));
      const lines = exporter.pushConversation(snapshot("c1")).map(({ line }) => line);
      const expected = items.flatMap((item) =>
        createExporter({ format, dedupe: false })
          .push(item)
          .map(({ line }) => line),
      );
      expect(lines.length).toBeGreaterThan(format === "raw" ? 4 : 0);
      for (const line of lines) expect(line).toBe(toJsonLine(JSON.parse(line) as object));
      expect(lines).toEqual([...new Set(expected)]);
      // The same conversation again (new objects, the same text): every line is a duplicate.
      expect(exporter.pushConversation(snapshot("c1"))).toEqual([]);
      expect(exporter.summary().dropped.duplicate).toBe(lines.length);
    }
  });
});
