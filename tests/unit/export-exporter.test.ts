import { describe, expect, it } from "vitest";
import { LineSet } from "@/lib/export/lines/dedupe";
import { createExporter, type ExportLine, type ExportOptions } from "@/lib/export/lines/exporter";
import { exportFileName } from "@/lib/export/formats";
import type { ConversationSnapshot } from "@/lib/export/items/snapshot";
import { pseudonymKey, pseudonymousUserId } from "@/lib/export/source/pseudonym";
import { sortKeysDeep, toJsonLine } from "@/lib/export/lines/serialize";
import { splitFor, splitPoint } from "@/lib/export/lines/split";
import { suggestKtoWeights } from "@/lib/export/lines/summary";
import {
  FORMAT_IDS,
  type AnswerMeta,
  type ExportItem,
  type JsonValue,
  type RatingItem,
} from "@/lib/export/types";

const USER = pseudonymousUserId("user-1", pseudonymKey("test-secret"));
const meta: AnswerMeta = {
  modelId: "m",
  provider: "p",
  params: null,
  inputTokens: null,
  outputTokens: null,
  timeToFirstTokenMs: null,
  durationMs: null,
  finishReason: "stop",
  status: "complete",
  createdAt: "2026-01-01T00:00:00.000Z",
};

function rating(overrides: Partial<RatingItem> = {}): RatingItem {
  return {
    kind: "rating",
    conversationId: "c1",
    messageId: "a1",
    feedbackId: "f1",
    userKey: USER,
    rating: "up",
    reasons: [],
    comment: "",
    review: { status: "pending", note: "", reviewedAt: null },
    ratedAt: "2026-01-01T00:00:01.000Z",
    ratingUpdatedAt: "2026-01-01T00:00:01.000Z",
    history: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Capital of France?", messageId: "u1" },
    ],
    answer: "Paris.",
    answerMeta: meta,
    correction: null,
    trainedInLaterLine: false,
    ...overrides,
  };
}

function run(options: ExportOptions, items: ExportItem[]) {
  const exporter = createExporter(options);
  const lines: ExportLine[] = items.flatMap((item) => exporter.push(item));
  return { lines, summary: exporter.summary(), exporter };
}

describe("serialisation", () => {
  it("writes one JSON object per line, keys in construction order, ending with \\n", () => {
    expect(toJsonLine({ b: 1, a: "x\ny", c: [true, null] })).toBe('{"b":1,"a":"x\\ny","c":[true,null]}\n');
  });

  it("keeps UTF-8 text as is and escapes lone surrogates, so the line is valid UTF-8", () => {
    expect(toJsonLine({ t: "Ça va? 日本語 👍" })).toBe('{"t":"Ça va? 日本語 👍"}\n');
    expect(toJsonLine({ t: "\ud800" })).toBe('{"t":"\\ud800"}\n');
  });

  it("refuses values JSON cannot represent: a bigint here, NaN in the validators before it", () => {
    expect(() => toJsonLine({ n: 1n })).toThrow();
    // Every row is validated before it is serialised, and no validator lets a non-finite number through.
    const line = createExporter({ format: "raw" }).push(
      rating({ answerMeta: { ...meta, inputTokens: Number.NaN, params: { temperature: Infinity } } }),
    );
    expect(line).toEqual([]);
  });

  it("sorts the keys of stored JSON values deeply", () => {
    const value: JsonValue = { z: 1, a: { d: [{ y: 1, b: 2 }], c: null } };
    expect(JSON.stringify(sortKeysDeep(value))).toBe('{"a":{"c":null,"d":[{"b":2,"y":1}]},"z":1}');
  });
});

describe("pseudonymous user ids", () => {
  const key = pseudonymKey("auth-secret");

  it("are a stable 128-bit hex keyed hash of the id", () => {
    const id = pseudonymousUserId("6f1c0e7a-1111-4222-8333-944445555666", key);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(pseudonymousUserId("6f1c0e7a-1111-4222-8333-944445555666", key)).toBe(id);
    expect(pseudonymousUserId("6f1c0e7a-1111-4222-8333-944445555667", key)).not.toBe(id);
  });

  it("depend on the key, which is derived from the secret and is not the secret", () => {
    expect(pseudonymousUserId("u", pseudonymKey("other-secret"))).not.toBe(pseudonymousUserId("u", key));
    expect(pseudonymKey("auth-secret").equals(key)).toBe(true);
    expect(key.toString("utf8")).not.toContain("auth-secret");
    expect(() => pseudonymKey("")).toThrow();
  });
});

describe("train/validation split", () => {
  const ids = Array.from({ length: 10_000 }, (_, index) => `conversation-${index}`);

  it("is deterministic, seeded, and close to the ratio", () => {
    const split = { seed: "s1", validationRatio: 0.1 };
    const validation = ids.filter((id) => splitFor(id, split) === "validation");
    expect(validation.length).toBeGreaterThan(850);
    expect(validation.length).toBeLessThan(1150);
    expect(ids.filter((id) => splitFor(id, split) === "validation")).toEqual(validation);
    const other = ids.filter((id) => splitFor(id, { seed: "s2", validationRatio: 0.1 }) === "validation");
    expect(other).not.toEqual(validation);
  });

  it("puts everything in train without options or with ratio 0, and in validation with ratio 1", () => {
    expect(ids.every((id) => splitFor(id, null) === "train")).toBe(true);
    expect(ids.every((id) => splitFor(id, { seed: "s", validationRatio: 0 }) === "train")).toBe(true);
    expect(ids.every((id) => splitFor(id, { seed: "s", validationRatio: 1 }) === "validation")).toBe(true);
    expect(splitPoint("x", "s")).toBeGreaterThanOrEqual(0);
    expect(splitPoint("x", "s")).toBeLessThan(1);
  });

  it("never splits a conversation across both files", () => {
    const items = ids
      .slice(0, 300)
      .flatMap((conversationId) => [
        rating({ conversationId, messageId: "a1", answer: `${conversationId} one` }),
        rating({ conversationId, messageId: "a2", answer: `${conversationId} two` }),
        rating({ conversationId, messageId: "a3", rating: "down", answer: `${conversationId} three` }),
      ]);
    const exporter = createExporter({ format: "trl-kto", split: { seed: "s", validationRatio: 0.3 } });
    const where = new Map<string, Set<string>>();
    for (const item of items) {
      for (const line of exporter.push(item)) {
        const set = where.get(item.conversationId) ?? new Set<string>();
        set.add(line.split);
        where.set(item.conversationId, set);
      }
    }
    expect([...where.values()].every((splits) => splits.size === 1)).toBe(true);
    expect(exporter.summary().lines.validation).toBeGreaterThan(0);
    expect(() => createExporter({ format: "raw", split: { seed: "s", validationRatio: 1.5 } })).toThrow(
      RangeError,
    );
  });
});

describe("LineSet", () => {
  it("remembers lines by fingerprint and grows past its initial capacity", () => {
    const set = new LineSet(16);
    const lines = Array.from({ length: 5_000 }, (_, index) => `line ${index}\n`);
    expect(lines.every((line) => set.add(line))).toBe(true);
    expect(set.size).toBe(5_000);
    expect(lines.every((line) => set.has(line))).toBe(true);
    expect(set.add("line 42\n")).toBe(false);
    expect(set.has("line 5000\n")).toBe(false);
    expect(set.size).toBe(5_000);
  });
});

describe("the exporter", () => {
  it("writes valid lines and drops invalid rows, counting why", () => {
    const { lines, summary } = run({ format: "trl-sft" }, [
      rating(),
      rating({ messageId: "a2", answer: "  " }),
      rating({ messageId: "a3", history: [{ role: "user", content: "", messageId: "u0" }], answer: "Hi" }),
    ]);
    expect(lines).toEqual([
      {
        split: "train",
        line: '{"prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"Capital of France?"}],"completion":[{"role":"assistant","content":"Paris."}]}\n',
      },
    ]);
    expect(summary.dropped).toEqual({ empty_answer: 1, empty_message: 1 });
    expect(summary.items).toEqual({ rating: 3, comparison: 0, "compared-answer": 0 });
  });

  it("drops identical DPO pairs with their reason", () => {
    const same = rating({
      rating: "down",
      correction: { id: "k", text: "Paris.", createdAt: meta.createdAt },
    });
    const { lines, summary } = run({ format: "openai-dpo" }, [same]);
    expect(lines).toEqual([]);
    expect(summary.dropped).toEqual({ identical_pair: 1 });
  });

  it("dedupes identical lines by default, and keeps them when asked", () => {
    const twice = [rating(), rating({ messageId: "a2", feedbackId: "f2" })];
    expect(run({ format: "openai-sft" }, twice)).toMatchObject({
      summary: { lines: { train: 1 }, dropped: { duplicate: 1 } },
    });
    expect(run({ format: "openai-sft", dedupe: false }, twice).lines).toHaveLength(2);
  });

  it("never writes a KTO line that contradicts one already written, even without dedupe", () => {
    const { lines, summary } = run({ format: "trl-kto", dedupe: false }, [
      rating(),
      rating({ messageId: "a2", feedbackId: "f2", rating: "down" }),
    ]);
    expect(lines).toHaveLength(1);
    expect(summary.dropped).toEqual({ contradicts_earlier_line: 1 });
  });

  it("stops at the maximum number of rows and says it is full", () => {
    const items = [1, 2, 3, 4].map((n) => rating({ messageId: `a${n}`, answer: `Answer ${n}` }));
    const exporter = createExporter({ format: "trl-sft", maxRows: 2 });
    expect(exporter.push(items[0]!)).toHaveLength(1);
    expect(exporter.full).toBe(false);
    expect(exporter.push(items[1]!)).toHaveLength(1);
    expect(exporter.full).toBe(true);
    expect(exporter.push(items[2]!)).toEqual([]);
    expect(exporter.summary()).toMatchObject({
      lines: { train: 2, validation: 0 },
      dropped: { over_max_rows: 1 },
    });
    expect(() => createExporter({ format: "raw", maxRows: -1 })).toThrow(RangeError);
  });

  it("redacts every text field when asked, and counts the placeholders", () => {
    const item = rating({
      history: [{ role: "user", content: "I am jane@example.com, 203.0.113.5", messageId: "u1" }],
      answer: "Hello jane@example.com",
      comment: "call +1 415 555 0132",
    });
    const training = run({ format: "trl-sft", redact: true }, [item]);
    expect(training.lines[0]!.line).toContain('"content":"I am [EMAIL], [IP]"');
    expect(training.lines[0]!.line).not.toContain("jane@");
    expect(training.summary.redactions).toEqual({
      EMAIL: 2,
      PHONE: 1,
      IP: 1,
      CARD: 0,
      API_KEY: 0,
      SECRET: 0,
    });
    const raw = run({ format: "raw", redact: true }, [item]);
    expect(raw.lines[0]!.line).toContain('"comment":"call [PHONE]"');
    expect(run({ format: "raw" }, [item]).summary.redactions).toBeNull();
  });

  it("reports KTO balance with suggested weights, and warns about small OpenAI files", () => {
    const kto = run(
      { format: "trl-kto" },
      [1, 2, 3, 4].map((n) =>
        rating({ messageId: `a${n}`, answer: `A${n}`, rating: n === 1 ? "up" : "down" }),
      ),
    );
    expect(kto.summary.kto).toEqual({
      train: { desirable: 1, undesirable: 3 },
      validation: { desirable: 0, undesirable: 0 },
      suggestedWeights: { desirable_weight: 1, undesirable_weight: 0.3333 },
    });
    const sft = run({ format: "openai-sft" }, [rating()]);
    expect(sft.summary.warnings).toEqual([
      "OpenAI needs at least 10 training lines to start a job; the training file has 1.",
    ]);
    expect(sft.summary.kto).toBeNull();
  });

  it("counts what the conversation planner skipped", () => {
    const snapshot: ConversationSnapshot = {
      conversationId: "c1",
      userKey: USER,
      systemPrompt: "",
      messages: [
        {
          id: "u1",
          parentId: null,
          role: "user",
          text: "Hi",
          modelId: null,
          provider: null,
          params: null,
          inputTokens: null,
          outputTokens: null,
          timeToFirstTokenMs: null,
          durationMs: null,
          finishReason: null,
          status: "complete",
          createdAt: "2026-01-01T00:00:00Z",
        },
        {
          id: "a1",
          parentId: "u1",
          role: "assistant",
          text: "Hello!",
          modelId: "m",
          provider: "p",
          params: null,
          inputTokens: 1,
          outputTokens: 2,
          timeToFirstTokenMs: 3,
          durationMs: 4,
          finishReason: "stop",
          status: "complete",
          createdAt: "2026-01-01T00:00:01Z",
        },
      ],
      feedback: [
        {
          id: "f1",
          messageId: "a1",
          rating: "up",
          reasons: [],
          comment: "",
          reviewStatus: "excluded",
          reviewNote: "",
          reviewedAt: null,
          modelId: null,
          provider: null,
          params: null,
          createdAt: "2026-01-01T00:00:02Z",
          updatedAt: "2026-01-01T00:00:02Z",
        },
      ],
      corrections: [],
      comparisons: [],
    };
    const exporter = createExporter({ format: "raw" });
    expect(exporter.pushConversation(snapshot)).toEqual([]);
    expect(exporter.summary().skipped).toEqual({ excluded_rating: 1 });
  });
});

describe("determinism", () => {
  const items: ExportItem[] = [
    rating({ conversationId: "c1", answerMeta: { ...meta, params: { temperature: 0.5, seed: 7 } } }),
    rating({
      conversationId: "c2",
      messageId: "b1",
      rating: "down",
      correction: { id: "k", text: "Better.", createdAt: meta.createdAt },
    }),
    {
      kind: "comparison",
      conversationId: "c3",
      comparisonId: "cmp",
      userKey: USER,
      promptId: "u1",
      history: [{ role: "user", content: "Q?", messageId: "u1" }],
      a: { messageId: "x1", content: "One.", rating: null, meta },
      b: { messageId: "x2", content: "Two.", rating: null, meta },
      preferred: "a",
      source: "explicit",
      comparedAt: meta.createdAt,
      updatedAt: meta.createdAt,
    },
  ];

  it("gives byte-identical output and summary for the same items and options, in every format", () => {
    for (const format of FORMAT_IDS) {
      const options: ExportOptions = { format, redact: true, split: { seed: "seed", validationRatio: 0.5 } };
      const first = run(options, items);
      const second = run(options, structuredClone(items));
      expect(second.lines).toEqual(first.lines);
      expect(JSON.stringify(second.summary)).toBe(JSON.stringify(first.summary));
    }
  });

  it("does not depend on the key order stored parameters come back in", () => {
    const reordered = rating({
      conversationId: "c1",
      answerMeta: { ...meta, params: { seed: 7, temperature: 0.5 } },
    });
    expect(run({ format: "raw" }, [reordered]).lines).toEqual(run({ format: "raw" }, [items[0]!]).lines);
  });
});

describe("file names", () => {
  it("name the format and the split", () => {
    expect(exportFileName("trl-kto", "validation")).toBe("trl-kto.validation.jsonl");
  });
});

describe("suggested KTO weights", () => {
  it.each([
    [
      { desirable: 10, undesirable: 10 },
      { desirable_weight: 1, undesirable_weight: 1 },
    ],
    [
      { desirable: 12, undesirable: 10 },
      { desirable_weight: 1, undesirable_weight: 1 },
    ],
    [
      { desirable: 40, undesirable: 10 },
      { desirable_weight: 0.3333, undesirable_weight: 1 },
    ],
    [
      { desirable: 10, undesirable: 40 },
      { desirable_weight: 1, undesirable_weight: 0.25 },
    ],
  ])("%o → %o", (balance, weights) => expect(suggestKtoWeights(balance)).toEqual(weights));

  it("has no suggestion when one side is empty", () => {
    expect(suggestKtoWeights({ desirable: 0, undesirable: 5 })).toBeNull();
  });
});
