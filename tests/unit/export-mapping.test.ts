import { describe, expect, it } from "vitest";
import { FORMATS } from "@/lib/export/formats";
import { toJsonLine } from "@/lib/export/lines/serialize";
import type {
  AnswerMeta,
  ChatTurn,
  ComparedAnswerItem,
  ComparisonItem,
  ExportItem,
  FormatId,
  RatingItem,
} from "@/lib/export/types";

const USER = "0123456789abcdef0123456789abcdef";
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

/** System prompt, a first exchange (the earlier answer), and the question the rated answer replies to. */
function history(earlier: Partial<ChatTurn> = {}): ChatTurn[] {
  return [
    { role: "system", content: "You are concise." },
    { role: "user", content: "Hi", messageId: "u1" },
    { role: "assistant", content: "Hello!", messageId: "a1", ...earlier },
    { role: "user", content: "Capital of France?", messageId: "u2" },
  ];
}

function rating(overrides: Partial<RatingItem> = {}): RatingItem {
  return {
    kind: "rating",
    conversationId: "c1",
    messageId: "a2",
    feedbackId: "f2",
    userKey: USER,
    rating: "up",
    reasons: [],
    comment: "",
    review: { status: "pending", note: "", reviewedAt: null },
    ratedAt: "2026-01-01T00:00:01.000Z",
    ratingUpdatedAt: "2026-01-01T00:00:01.000Z",
    history: history(),
    answer: "Paris.",
    answerMeta: meta,
    correction: null,
    trainedInLaterLine: false,
    ...overrides,
  };
}

function comparison(overrides: Partial<ComparisonItem> = {}): ComparisonItem {
  return {
    kind: "comparison",
    conversationId: "c1",
    comparisonId: "cmp",
    userKey: USER,
    promptId: "u2",
    history: history(),
    a: { messageId: "a2", content: "Lyon.", rating: null, meta },
    b: { messageId: "a3", content: "Paris.", rating: null, meta },
    preferred: "b",
    source: "explicit",
    comparedAt: "2026-01-01T00:00:02.000Z",
    updatedAt: "2026-01-01T00:00:02.000Z",
    ...overrides,
  };
}

function compared(overrides: Partial<ComparedAnswerItem> = {}): ComparedAnswerItem {
  return {
    kind: "compared-answer",
    conversationId: "c1",
    messageId: "a3",
    userKey: USER,
    history: history(),
    answer: "Paris.",
    wins: 1,
    losses: 0,
    ...overrides,
  };
}

/** The serialised lines a format builds for an item (valid or not). */
function lines(format: FormatId, item: ExportItem): string[] {
  return FORMATS[format].rows(item).map(toJsonLine);
}

const TRAINING: FormatId[] = ["openai-sft", "openai-dpo", "trl-sft", "trl-preference", "trl-kto", "sharegpt"];
const PROMPT =
  '[{"role":"system","content":"You are concise."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},{"role":"user","content":"Capital of France?"}]';

describe("thumbs up", () => {
  const item = rating();

  it("gives an SFT row training that answer (weight 1), earlier answers weight 0", () => {
    expect(lines("openai-sft", item)).toEqual([
      '{"messages":[{"role":"system","content":"You are concise."},{"role":"user","content":"Hi"},' +
        '{"role":"assistant","content":"Hello!","weight":0},{"role":"user","content":"Capital of France?"},' +
        '{"role":"assistant","content":"Paris.","weight":1}]}\n',
    ]);
    expect(lines("trl-sft", item)).toEqual([
      `{"prompt":${PROMPT},"completion":[{"role":"assistant","content":"Paris."}]}\n`,
    ]);
    expect(lines("sharegpt", item)).toEqual([
      '{"conversations":[{"from":"system","value":"You are concise."},{"from":"human","value":"Hi"},' +
        '{"from":"gpt","value":"Hello!"},{"from":"human","value":"Capital of France?"},{"from":"gpt","value":"Paris."}]}\n',
    ]);
  });

  it("gives an earlier answer weight 1 in the one line chosen to train it", () => {
    const row = FORMATS["openai-sft"].rows(
      rating({ history: history({ ratedUp: true, trainHere: true }) }),
    )[0]!;
    expect((row.messages as { weight?: number }[]).map((message) => message.weight)).toEqual([
      undefined,
      undefined,
      1,
      undefined,
      1,
    ]);
    const elsewhere = FORMATS["openai-sft"].rows(rating({ history: history({ ratedUp: true }) }))[0]!;
    expect((elsewhere.messages as { weight?: number }[])[2]!.weight).toBe(0);
  });

  it("gets no openai-sft line of its own when a later line trains it; prompt-completion formats keep theirs", () => {
    const item = rating({ trainedInLaterLine: true });
    expect(lines("openai-sft", item)).toEqual([]);
    expect(lines("trl-sft", item)).toHaveLength(1);
    expect(lines("sharegpt", item)).toHaveLength(1);
    expect(lines("trl-kto", item)).toHaveLength(1);
  });

  it("gives a KTO row labelled true, and no preference row", () => {
    expect(lines("trl-kto", item)).toEqual([
      `{"prompt":${PROMPT},"completion":[{"role":"assistant","content":"Paris."}],"label":true}\n`,
    ]);
    expect(lines("openai-dpo", item)).toEqual([]);
    expect(lines("trl-preference", item)).toEqual([]);
  });
});

describe("thumbs down only", () => {
  const item = rating({ rating: "down", answer: "Lyon." });

  it("is not trained by SFT and gives a KTO row labelled false", () => {
    for (const format of ["openai-sft", "trl-sft", "sharegpt", "openai-dpo", "trl-preference"] as const) {
      expect(lines(format, item)).toEqual([]);
    }
    expect(FORMATS["trl-kto"].rows(item)).toEqual([
      expect.objectContaining({ completion: [{ role: "assistant", content: "Lyon." }], label: false }),
    ]);
  });
});

describe("an admin's correction", () => {
  const correction = { id: "k1", text: "Paris.", createdAt: "2026-01-02T00:00:00.000Z" };
  const item = rating({ rating: "down", answer: "Lyon.", correction });

  it("is the trained answer in SFT, never the original", () => {
    const sft = FORMATS["openai-sft"].rows(item);
    expect(sft).toHaveLength(1);
    expect((sft[0]!.messages as { content: string; weight?: number }[]).at(-1)).toEqual({
      role: "assistant",
      content: "Paris.",
      weight: 1,
    });
    expect(lines("trl-sft", item)[0]).toContain('"completion":[{"role":"assistant","content":"Paris."}]');
    expect(lines("sharegpt", item)[0]).toContain('{"from":"gpt","value":"Paris."}]}');
    expect(lines("trl-sft", item).join("")).not.toContain("Lyon.");
  });

  it("is chosen over the original in DPO and preference rows", () => {
    expect(lines("openai-dpo", item)).toEqual([
      `{"input":{"messages":${PROMPT}},"preferred_output":[{"role":"assistant","content":"Paris."}],` +
        '"non_preferred_output":[{"role":"assistant","content":"Lyon."}]}\n',
    ]);
    expect(lines("trl-preference", item)).toEqual([
      `{"prompt":${PROMPT},"chosen":[{"role":"assistant","content":"Paris."}],"rejected":[{"role":"assistant","content":"Lyon."}]}\n`,
    ]);
  });

  it("labels the correction true and the original false in KTO", () => {
    expect(FORMATS["trl-kto"].rows(item).map((row) => [row.completion, row.label])).toEqual([
      [[{ role: "assistant", content: "Paris." }], true],
      [[{ role: "assistant", content: "Lyon." }], false],
    ]);
  });

  it("replaces an answer rated up as well", () => {
    const up = rating({ rating: "up", answer: "Paris, I think.", correction });
    expect(FORMATS["trl-sft"].rows(up).map((row) => row.completion)).toEqual([
      [{ role: "assistant", content: "Paris." }],
    ]);
    expect(FORMATS["trl-kto"].rows(up).map((row) => row.label)).toEqual([true, false]);
  });

  it("identical to the answer, is an endorsement: one KTO true row, an invalid (identical) DPO pair", () => {
    const same = rating({
      rating: "down",
      answer: "Paris.",
      correction: { ...correction, text: "Paris.\n" },
    });
    expect(FORMATS["trl-kto"].rows(same).map((row) => row.label)).toEqual([true]);
    const dpo = FORMATS["openai-dpo"].rows(same);
    expect(dpo).toHaveLength(1);
    expect(FORMATS["openai-dpo"].validate(dpo[0])).toMatchObject({ ok: false, reason: "identical_pair" });
  });
});

describe("comparisons", () => {
  it("with a winner give a DPO/preference row: chosen = winner, rejected = loser", () => {
    expect(FORMATS["openai-dpo"].rows(comparison())).toEqual([
      expect.objectContaining({
        preferred_output: [{ role: "assistant", content: "Paris." }],
        non_preferred_output: [{ role: "assistant", content: "Lyon." }],
      }),
    ]);
    expect(FORMATS["trl-preference"].rows(comparison({ preferred: "a" }))).toEqual([
      expect.objectContaining({
        chosen: [{ role: "assistant", content: "Lyon." }],
        rejected: [{ role: "assistant", content: "Paris." }],
      }),
    ]);
  });

  it("add no SFT or KTO rows themselves (the answers' own items do, once)", () => {
    for (const format of ["openai-sft", "trl-sft", "sharegpt", "trl-kto"] as const) {
      expect(lines(format, comparison())).toEqual([]);
      expect(lines(format, comparison({ source: "ratings" }))).toEqual([]);
    }
  });

  it("a tie gives nothing in any training format, only its raw line", () => {
    const tie = comparison({ preferred: null });
    for (const format of TRAINING) expect(lines(format, tie)).toEqual([]);
    expect(FORMATS.raw.rows(tie)).toEqual([
      expect.objectContaining({ type: "comparison", preferredMessageId: null }),
    ]);
  });

  it("an unrated winner gets one SFT row and a KTO true row; a loser a KTO false row only", () => {
    const winner = compared();
    expect(lines("openai-sft", winner)).toHaveLength(1);
    expect(lines("trl-sft", winner)).toHaveLength(1);
    expect(lines("sharegpt", winner)).toHaveLength(1);
    expect(FORMATS["trl-kto"].rows(winner).map((row) => row.label)).toEqual([true]);

    const loser = compared({ wins: 0, losses: 2, answer: "Lyon." });
    for (const format of ["openai-sft", "trl-sft", "sharegpt"] as const)
      expect(lines(format, loser)).toEqual([]);
    expect(FORMATS["trl-kto"].rows(loser).map((row) => row.label)).toEqual([false]);
  });

  it("an answer that both won and lost gets its SFT row but no KTO label", () => {
    const mixed = compared({ wins: 1, losses: 1 });
    expect(lines("trl-sft", mixed)).toHaveLength(1);
    expect(lines("trl-kto", mixed)).toEqual([]);
  });

  it("compared-answer items have no raw line (their comparisons do)", () => {
    expect(lines("raw", compared())).toEqual([]);
  });
});

describe("every training line", () => {
  const items: ExportItem[] = [
    rating({ comment: "SECRET-COMMENT-TEXT", reasons: ["correct"] }),
    rating({
      rating: "down",
      comment: "SECRET-COMMENT-TEXT",
      correction: { id: "k", text: "Better.", createdAt: meta.createdAt },
    }),
    comparison(),
    compared(),
  ];

  it("never contains the comment, which only raw carries", () => {
    for (const format of TRAINING) {
      for (const item of items) expect(lines(format, item).join("")).not.toContain("SECRET-COMMENT-TEXT");
    }
    expect(lines("raw", items[0]!)[0]).toContain('"comment":"SECRET-COMMENT-TEXT"');
  });

  it("starts with the system prompt in effect", () => {
    for (const format of TRAINING) {
      for (const item of items) {
        for (const row of FORMATS[format].rows(item)) {
          const first = JSON.stringify(row).match(/"(?:role|from)":"(\w+)"/)?.[1];
          expect(first, `${format} ${item.kind}`).toBe("system");
        }
      }
    }
  });

  it("passes its validator for ordinary items", () => {
    for (const format of [...TRAINING, "raw"] as const) {
      for (const item of items) {
        for (const row of FORMATS[format].rows(item))
          expect(FORMATS[format].validate(row)).toEqual({ ok: true });
      }
    }
  });
});

describe("raw", () => {
  it("writes a rating line with every field, the pseudonymous user and sorted parameters", () => {
    const item = rating({
      rating: "down",
      reasons: ["not_factual", "other"],
      comment: "Wrong.",
      answer: "Lyon.",
      answerMeta: {
        ...meta,
        params: { top_p: 1, temperature: 0.7, nested: { b: 2, a: 1 } },
        inputTokens: 10,
        outputTokens: 2,
      },
      correction: { id: "k1", text: "Paris.", createdAt: "2026-01-02T00:00:00.000Z" },
      review: { status: "reviewed", note: "checked", reviewedAt: "2026-01-02T00:00:00.000Z" },
    });
    expect(lines("raw", item)).toEqual([
      '{"type":"rating","conversationId":"c1","messageId":"a2","feedbackId":"f2","user":"0123456789abcdef0123456789abcdef",' +
        '"history":[{"role":"system","content":"You are concise.","messageId":null,"ratedUp":null},' +
        '{"role":"user","content":"Hi","messageId":"u1","ratedUp":null},' +
        '{"role":"assistant","content":"Hello!","messageId":"a1","ratedUp":false},' +
        '{"role":"user","content":"Capital of France?","messageId":"u2","ratedUp":null}],' +
        '"answer":"Lyon.","rating":"down","reasons":["not_factual","other"],"comment":"Wrong.",' +
        '"review":{"status":"reviewed","note":"checked","reviewedAt":"2026-01-02T00:00:00.000Z"},' +
        '"correction":{"id":"k1","text":"Paris.","createdAt":"2026-01-02T00:00:00.000Z"},' +
        '"model":{"id":"m","provider":"p","params":{"nested":{"a":1,"b":2},"temperature":0.7,"top_p":1}},' +
        '"usage":{"inputTokens":10,"outputTokens":2},"timings":{"timeToFirstTokenMs":null,"durationMs":null},' +
        '"finishReason":"stop","status":"complete",' +
        '"timestamps":{"answeredAt":"2026-01-01T00:00:00.000Z","ratedAt":"2026-01-01T00:00:01.000Z","ratingUpdatedAt":"2026-01-01T00:00:01.000Z"}}\n',
    ]);
  });

  it("keeps a rated empty answer (a failed generation is a fact worth analysing)", () => {
    const item = rating({ rating: "down", answer: "" });
    expect(FORMATS.raw.validate(FORMATS.raw.rows(item)[0])).toEqual({ ok: true });
  });
});
