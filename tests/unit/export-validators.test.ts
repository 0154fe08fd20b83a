import { describe, expect, it } from "vitest";
import { FORMATS } from "@/lib/export/formats";
import { pseudonymousUserId } from "@/lib/export/source/pseudonym";
import type { AnswerMeta, ComparisonItem, DropReason, FormatId, RatingItem, Row } from "@/lib/export/types";

function check(format: FormatId, row: unknown) {
  return FORMATS[format].validate(row);
}

function expectPass(format: FormatId, row: unknown) {
  expect(check(format, row)).toEqual({ ok: true });
}

function expectFail(format: FormatId, row: unknown, reason: DropReason) {
  const verdict = check(format, row);
  expect(verdict.ok).toBe(false);
  if (!verdict.ok) {
    expect(verdict.reason).toBe(reason);
    expect(verdict.detail.length).toBeGreaterThan(0);
  }
}

/** A deep copy of `row` with the value at `path` replaced (or deleted, for undefined). */
function variant(row: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(row) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

const system = { role: "system", content: "You are concise." };
const user = { role: "user", content: "Capital of France?" };
const answer = { role: "assistant", content: "Paris." };

describe("openai-sft validator", () => {
  const valid = { messages: [system, user, { ...answer, weight: 1 }] };

  it("accepts the reference example, text parts, tools and tool calls", () => {
    expectPass("openai-sft", valid);
    expectPass("openai-sft", { messages: [user, answer] });
    expectPass("openai-sft", {
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }, answer],
    });
    expectPass("openai-sft", {
      messages: [
        user,
        {
          role: "assistant",
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "lookup", arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"capital":true}' },
        { ...answer, weight: 1 },
      ],
      tools: [{ type: "function", function: { name: "lookup" } }],
      parallel_tool_calls: false,
    });
  });

  it("needs a JSON object with messages and nothing unknown", () => {
    expectFail("openai-sft", [valid], "not_an_object");
    expectFail("openai-sft", "text", "not_an_object");
    expectFail("openai-sft", {}, "missing_key");
    expectFail("openai-sft", { ...valid, metadata: {} }, "unknown_key");
    expectFail("openai-sft", { messages: "hi" }, "wrong_type");
    expectFail("openai-sft", { ...valid, tools: {} }, "wrong_type");
    expectFail("openai-sft", { ...valid, parallel_tool_calls: "yes" }, "wrong_type");
  });

  it("allows the roles system, user, assistant and tool only", () => {
    expectFail(
      "openai-sft",
      { messages: [{ role: "developer", content: "x" }, user, answer] },
      "invalid_role",
    );
    expectFail("openai-sft", { messages: [{ content: "x" }, answer] }, "missing_key");
  });

  it("allows no keys besides role, content, name, weight, tool_calls, tool_call_id", () => {
    expectPass("openai-sft", { messages: [{ ...user, name: "alice" }, answer] });
    expectFail("openai-sft", { messages: [user, { ...answer, ratedUp: true }] }, "unknown_key");
    expectFail("openai-sft", { messages: [{ ...user, name: 3 }, answer] }, "wrong_type");
  });

  it("allows weight only on assistant messages, as the integer 0 or 1", () => {
    expectPass("openai-sft", { messages: [user, { ...answer, weight: 0 }, user, { ...answer, weight: 1 }] });
    expectFail("openai-sft", { messages: [{ ...user, weight: 0 }, answer] }, "weight_not_on_assistant");
    for (const weight of [0.5, 2, -1, "1", true, null]) {
      expectFail("openai-sft", { messages: [user, { ...answer, weight }] }, "invalid_weight");
    }
  });

  it("needs at least one assistant message, and one that is trained", () => {
    expectFail("openai-sft", { messages: [system, user] }, "no_assistant_message");
    expectFail("openai-sft", { messages: [] }, "no_assistant_message");
    expectFail("openai-sft", { messages: [user, { ...answer, weight: 0 }] }, "nothing_trained");
  });

  it("never accepts an empty answer or an empty message", () => {
    expectFail(
      "openai-sft",
      { messages: [user, { role: "assistant", content: "  \n", weight: 1 }] },
      "empty_answer",
    );
    expectFail("openai-sft", { messages: [user, { role: "assistant", weight: 1 }] }, "missing_key");
    expectFail("openai-sft", { messages: [{ role: "user", content: "" }, answer] }, "empty_message");
    expectFail(
      "openai-sft",
      { messages: [{ role: "user", content: [{ type: "text", text: " " }] }, answer] },
      "empty_message",
    );
    expectFail("openai-sft", { messages: [{ role: "user", content: 42 }, answer] }, "wrong_type");
    expectFail(
      "openai-sft",
      { messages: [{ role: "user", content: [{ type: "image_url" }] }, answer] },
      "wrong_type",
    );
  });

  it("needs tool call arguments as a JSON-encoded string, and tool messages tied to a call", () => {
    const call = (args: unknown) => ({
      role: "assistant",
      tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: args } }],
    });
    expectPass("openai-sft", {
      messages: [user, call("{}"), { role: "tool", tool_call_id: "c", content: "1" }, answer],
    });
    expectFail("openai-sft", { messages: [user, call({ a: 1 }), answer] }, "invalid_tool_call");
    expectFail("openai-sft", { messages: [user, call("{not json"), answer] }, "invalid_tool_call");
    expectFail(
      "openai-sft",
      { messages: [user, { role: "assistant", tool_calls: [] }, answer] },
      "invalid_tool_call",
    );
    expectFail("openai-sft", { messages: [{ ...user, tool_calls: [] }, answer] }, "invalid_tool_call");
    expectFail(
      "openai-sft",
      { messages: [user, { role: "tool", content: "1" }, answer] },
      "invalid_tool_call",
    );
    expectFail("openai-sft", { messages: [{ ...user, tool_call_id: "c" }, answer] }, "invalid_tool_call");
  });
});

describe("openai-dpo validator", () => {
  const valid = {
    input: { messages: [system, user] },
    preferred_output: [{ role: "assistant", content: "Paris." }],
    non_preferred_output: [{ role: "assistant", content: "Lyon." }],
  };

  it("accepts the reference shape", () => {
    expectPass("openai-dpo", valid);
    expectPass("openai-dpo", variant(valid, ["input", "messages"], [user, answer, user]));
  });

  it("emits *_output fields only, all three required", () => {
    expectFail(
      "openai-dpo",
      {
        input: valid.input,
        preferred_completion: valid.preferred_output,
        non_preferred_completion: valid.non_preferred_output,
      },
      "missing_key",
    );
    expectFail("openai-dpo", { ...valid, preferred_completion: valid.preferred_output }, "unknown_key");
    expectFail("openai-dpo", variant(valid, ["non_preferred_output"], undefined), "missing_key");
    expectFail("openai-dpo", null, "not_an_object");
  });

  it("takes text-only history that ends with the user turn", () => {
    expectFail("openai-dpo", { ...valid, input: [user] }, "wrong_type");
    expectFail("openai-dpo", variant(valid, ["input", "extra"], 1), "unknown_key");
    expectFail("openai-dpo", variant(valid, ["input", "messages"], []), "missing_key");
    expectFail(
      "openai-dpo",
      variant(valid, ["input", "messages"], [system, user, { role: "tool", content: "x" }]),
      "invalid_role",
    );
    expectFail("openai-dpo", variant(valid, ["input", "messages", 1, "weight"], 1), "unknown_key");
    expectFail(
      "openai-dpo",
      variant(valid, ["input", "messages"], [system, user, answer]),
      "prompt_not_ending_with_user",
    );
    expectFail("openai-dpo", variant(valid, ["input", "messages", 1, "content"], " "), "empty_message");
  });

  it("needs exactly one non-empty assistant message in each output", () => {
    expectFail(
      "openai-dpo",
      variant(valid, ["preferred_output"], [answer, answer]),
      "not_single_assistant_output",
    );
    expectFail("openai-dpo", variant(valid, ["non_preferred_output"], []), "not_single_assistant_output");
    expectFail(
      "openai-dpo",
      variant(valid, ["preferred_output", 0, "role"], "user"),
      "not_single_assistant_output",
    );
    expectFail("openai-dpo", variant(valid, ["preferred_output", 0, "tool_calls"], []), "unknown_key");
    expectFail("openai-dpo", variant(valid, ["preferred_output", 0, "content"], ""), "empty_answer");
    expectFail("openai-dpo", variant(valid, ["preferred_output"], "Paris."), "wrong_type");
  });

  it("drops identical preferred and non-preferred answers", () => {
    expectFail(
      "openai-dpo",
      variant(valid, ["non_preferred_output", 0, "content"], " Paris.\n"),
      "identical_pair",
    );
  });

  it("knows the row that would contradict a line", () => {
    expect(FORMATS["openai-dpo"].opposite!(valid as Row)).toEqual({
      input: valid.input,
      preferred_output: valid.non_preferred_output,
      non_preferred_output: valid.preferred_output,
    });
  });
});

describe("trl-sft validator (conversational prompt-completion)", () => {
  const valid = { prompt: [system, user, answer, user], completion: [answer] };

  it("accepts a prompt ending with the user turn and one assistant completion", () => {
    expectPass("trl-sft", valid);
    expectPass("trl-sft", { prompt: [user], completion: [answer] });
  });

  it("allows only prompt and completion, and role/content on messages", () => {
    expectFail("trl-sft", { ...valid, label: true }, "unknown_key");
    expectFail("trl-sft", { completion: [answer] }, "missing_key");
    expectFail("trl-sft", { ...valid, prompt: "hi" }, "wrong_type");
    expectFail("trl-sft", { ...valid, prompt: [] }, "missing_key");
    expectFail("trl-sft", { ...valid, prompt: [{ ...user, weight: 1 }] }, "unknown_key");
    expectFail("trl-sft", { ...valid, prompt: [{ role: "tool", content: "x" }, user] }, "invalid_role");
  });

  it("allows a system message only first, then user and assistant alternating from the user", () => {
    expectFail("trl-sft", { ...valid, prompt: [user, system, user] }, "system_not_first");
    expectFail("trl-sft", { ...valid, prompt: [user, user] }, "not_alternating");
    expectFail("trl-sft", { ...valid, prompt: [answer, user] }, "not_alternating");
    expectFail("trl-sft", { ...valid, prompt: [user, answer] }, "prompt_not_ending_with_user");
  });

  it("needs exactly one non-empty assistant completion and non-empty prompt turns", () => {
    expectFail("trl-sft", { ...valid, completion: [answer, answer] }, "not_single_assistant_output");
    expectFail("trl-sft", { ...valid, completion: [{ role: "assistant", content: "\t" }] }, "empty_answer");
    expectFail("trl-sft", { ...valid, completion: { role: "assistant", content: "x" } }, "wrong_type");
    expectFail("trl-sft", { ...valid, prompt: [{ role: "user", content: "" }] }, "empty_message");
  });
});

describe("trl-preference validator", () => {
  const valid = { prompt: [user], chosen: [answer], rejected: [{ role: "assistant", content: "Lyon." }] };

  it("accepts prompt, chosen and rejected", () => {
    expectPass("trl-preference", valid);
  });

  it("needs all three keys and one assistant message in chosen and rejected", () => {
    expectFail("trl-preference", { prompt: [user], chosen: [answer] }, "missing_key");
    expectFail("trl-preference", { ...valid, score: 1 }, "unknown_key");
    expectFail("trl-preference", { ...valid, rejected: [] }, "not_single_assistant_output");
    expectFail("trl-preference", { ...valid, prompt: [user, answer] }, "prompt_not_ending_with_user");
  });

  it("drops a pair whose answers are the same text", () => {
    expectFail(
      "trl-preference",
      { ...valid, rejected: [{ role: "assistant", content: "Paris.  " }] },
      "identical_pair",
    );
  });

  it("knows the row that would contradict a line", () => {
    expect(FORMATS["trl-preference"].opposite!(valid as Row)).toEqual({
      prompt: valid.prompt,
      chosen: valid.rejected,
      rejected: valid.chosen,
    });
  });
});

describe("trl-kto validator", () => {
  const valid = { prompt: [user], completion: [answer], label: true };

  it("accepts both labels", () => {
    expectPass("trl-kto", valid);
    expectPass("trl-kto", { ...valid, label: false });
  });

  it("needs label as a JSON boolean", () => {
    for (const label of ["true", 1, 0, null]) expectFail("trl-kto", { ...valid, label }, "invalid_label");
    expectFail("trl-kto", { prompt: [user], completion: [answer] }, "missing_key");
  });

  it("applies the prompt and completion rules", () => {
    expectFail("trl-kto", { ...valid, completion: [user] }, "not_single_assistant_output");
    expectFail("trl-kto", { ...valid, prompt: [user, user] }, "not_alternating");
    expectFail("trl-kto", { ...valid, extra: 1 }, "unknown_key");
  });

  it("knows the row that would contradict a line: the other label", () => {
    expect(FORMATS["trl-kto"].opposite!(valid as Row)).toEqual({ ...valid, label: false });
  });
});

describe("sharegpt validator", () => {
  const turn = (from: string, value: string) => ({ from, value });
  const valid = {
    conversations: [
      turn("system", "Be brief."),
      turn("human", "Hi"),
      turn("gpt", "Hello"),
      turn("human", "Capital of France?"),
      turn("gpt", "Paris."),
    ],
  };

  it("accepts an optional system turn, then human/gpt alternating, ending with gpt", () => {
    expectPass("sharegpt", valid);
    expectPass("sharegpt", { conversations: [turn("human", "Hi"), turn("gpt", "Hello")] });
  });

  it("allows from = system | human | gpt and the keys from/value only", () => {
    expectFail("sharegpt", { conversations: [turn("user", "Hi"), turn("gpt", "Hello")] }, "invalid_role");
    expectFail(
      "sharegpt",
      { conversations: [{ ...turn("human", "Hi"), weight: 1 }, turn("gpt", "Hello")] },
      "unknown_key",
    );
    expectFail("sharegpt", { conversations: [{ from: "human" }, turn("gpt", "Hello")] }, "missing_key");
    expectFail("sharegpt", { ...valid, id: "x" }, "unknown_key");
    expectFail("sharegpt", { conversations: {} }, "wrong_type");
  });

  it("places system first only, alternates from human and ends with gpt", () => {
    expectFail(
      "sharegpt",
      { conversations: [turn("human", "Hi"), turn("system", "S"), turn("gpt", "Hello")] },
      "system_not_first",
    );
    expectFail("sharegpt", { conversations: [turn("gpt", "Hello"), turn("human", "Hi")] }, "not_alternating");
    expectFail(
      "sharegpt",
      { conversations: [turn("human", "Hi"), turn("human", "Hi"), turn("gpt", "Hello")] },
      "not_alternating",
    );
    expectFail(
      "sharegpt",
      { conversations: [turn("human", "Hi"), turn("gpt", "Hello"), turn("human", "Bye")] },
      "not_ending_with_answer",
    );
    expectFail("sharegpt", { conversations: [turn("system", "S")] }, "no_assistant_message");
  });

  it("never accepts an empty turn", () => {
    expectFail("sharegpt", { conversations: [turn("human", "Hi"), turn("gpt", " ")] }, "empty_answer");
    expectFail("sharegpt", { conversations: [turn("human", ""), turn("gpt", "Hello")] }, "empty_message");
  });
});

describe("raw validator", () => {
  const user = pseudonymousUserId("user-1", "test-key");
  const meta: AnswerMeta = {
    modelId: "gpt-test",
    provider: "openai",
    params: { temperature: 0.2 },
    inputTokens: 12,
    outputTokens: 3,
    timeToFirstTokenMs: 120,
    durationMs: 400,
    finishReason: "stop",
    status: "complete",
    createdAt: "2026-01-01T00:00:01.000Z",
  };
  const rating: RatingItem = {
    kind: "rating",
    conversationId: "c1",
    messageId: "a1",
    feedbackId: "f1",
    userKey: user,
    rating: "down",
    reasons: ["not_factual"],
    comment: "Wrong city",
    review: { status: "reviewed", note: "", reviewedAt: "2026-01-02T00:00:00.000Z" },
    ratedAt: "2026-01-01T00:00:02.000Z",
    ratingUpdatedAt: "2026-01-01T00:00:03.000Z",
    history: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Capital?", messageId: "u1" },
    ],
    answer: "Lyon.",
    answerMeta: meta,
    correction: { id: "k1", text: "Paris.", createdAt: "2026-01-02T00:00:00.000Z" },
    trainedInLaterLine: false,
  };
  const comparison: ComparisonItem = {
    kind: "comparison",
    conversationId: "c1",
    comparisonId: "cmp1",
    userKey: user,
    promptId: "u1",
    history: rating.history,
    a: { messageId: "a1", content: "Lyon.", rating: "down", meta },
    b: { messageId: "a2", content: "Paris.", rating: null, meta },
    preferred: "b",
    source: "explicit",
    comparedAt: "2026-01-01T00:00:05.000Z",
    updatedAt: "2026-01-01T00:00:05.000Z",
  };
  const ratingLine = FORMATS.raw.rows(rating)[0]!;
  const comparisonLine = FORMATS.raw.rows(comparison)[0]!;

  it("accepts the lines it builds for ratings and comparisons", () => {
    expectPass("raw", ratingLine);
    expectPass("raw", comparisonLine);
    expectPass("raw", { ...comparisonLine, preferredMessageId: null });
  });

  it("never accepts an email or a raw id as the user", () => {
    expectFail("raw", { ...ratingLine, user: "jane@example.com" }, "user_not_pseudonymous");
    expectFail(
      "raw",
      { ...ratingLine, user: "123e4567-e89b-12d3-a456-426614174000" },
      "user_not_pseudonymous",
    );
  });

  it("allows only documented fields, with their types", () => {
    expectFail("raw", { ...ratingLine, email: "x" }, "unknown_key");
    expectFail("raw", variant(ratingLine, ["comment"], undefined), "missing_key");
    expectFail("raw", { ...ratingLine, rating: "meh" }, "wrong_type");
    expectFail("raw", variant(ratingLine, ["history", 1, "role"], "tool"), "invalid_role");
    expectFail("raw", variant(ratingLine, ["timestamps", "ratedAt"], "yesterday"), "wrong_type");
    expectFail("raw", variant(ratingLine, ["usage", "inputTokens"], -1), "wrong_type");
    expectFail("raw", { ...ratingLine, type: "event" }, "wrong_type");
    expectFail("raw", { ...comparisonLine, preferredMessageId: "a3" }, "wrong_type");
    expectFail("raw", "line", "not_an_object");
  });

  it("checks every documented field, nested ones included", () => {
    // Keys: nested objects are strict too, and a key set to undefined is missing.
    expectFail("raw", variant(ratingLine, ["review", "by"], "admin"), "unknown_key");
    expectFail("raw", variant(ratingLine, ["history", 0, "trainHere"], true), "unknown_key");
    expectFail("raw", variant(comparisonLine, ["answers", 1, "extra"], 1), "unknown_key");
    expectFail("raw", { ...ratingLine, correction: undefined }, "missing_key");
    expectFail("raw", variant(ratingLine, ["model", "params"], undefined), "missing_key");
    expectFail("raw", variant(comparisonLine, ["timestamps", "updatedAt"], undefined), "missing_key");
    // Ids: non-empty strings; nullable only where documented.
    expectFail("raw", { ...ratingLine, feedbackId: "" }, "wrong_type");
    expectFail("raw", { ...ratingLine, conversationId: null }, "wrong_type");
    expectFail("raw", variant(ratingLine, ["history", 1, "messageId"], ""), "wrong_type");
    expectPass("raw", variant(ratingLine, ["history", 1, "messageId"], null));
    // Types and enums.
    expectFail("raw", variant(ratingLine, ["history", 1, "content"], 42), "wrong_type");
    expectFail("raw", variant(ratingLine, ["history", 1, "ratedUp"], "yes"), "wrong_type");
    expectFail("raw", { ...ratingLine, reasons: ["ok", 1] }, "wrong_type");
    expectFail("raw", { ...ratingLine, reasons: "not_factual" }, "wrong_type");
    expectFail("raw", { ...ratingLine, history: {} }, "wrong_type");
    expectFail("raw", { ...ratingLine, status: "done" }, "wrong_type");
    expectFail("raw", variant(ratingLine, ["review", "status"], "excluded"), "wrong_type");
    expectFail("raw", { ...comparisonLine, source: "guess" }, "wrong_type");
    expectFail("raw", variant(comparisonLine, ["answers", 0, "rating"], "meh"), "wrong_type");
    expectPass("raw", variant(comparisonLine, ["answers", 0, "rating"], null));
    expectFail("raw", { ...ratingLine, finishReason: 1 }, "wrong_type");
    expectPass("raw", { ...ratingLine, finishReason: null });
    // Counts: non-negative integers or null, never NaN or a fraction.
    expectFail("raw", variant(ratingLine, ["usage", "outputTokens"], 1.5), "wrong_type");
    expectFail("raw", variant(ratingLine, ["timings", "durationMs"], Number.NaN), "wrong_type");
    expectPass("raw", variant(ratingLine, ["timings", "durationMs"], null));
    // Parameters: any JSON value, nothing JSON cannot write.
    expectPass("raw", variant(ratingLine, ["model", "params"], { a: [1, "x", null, { b: true }] }));
    expectFail("raw", variant(ratingLine, ["model", "params"], { temperature: Infinity }), "wrong_type");
    expectFail("raw", variant(ratingLine, ["model", "params"], new Date(0)), "wrong_type");
    // Timestamps: ISO 8601 UTC with seconds and a real date.
    expectPass("raw", variant(ratingLine, ["timestamps", "ratedAt"], "2024-02-29T23:59:59Z"));
    expectFail(
      "raw",
      variant(ratingLine, ["timestamps", "ratedAt"], "2026-02-30T00:00:00.000Z"),
      "wrong_type",
    );
    expectFail(
      "raw",
      variant(ratingLine, ["timestamps", "ratedAt"], "2026-01-01T00:00:00+01:00"),
      "wrong_type",
    );
    expectFail("raw", variant(ratingLine, ["timestamps", "ratedAt"], "2026-01-01"), "wrong_type");
    expectFail("raw", variant(ratingLine, ["review", "reviewedAt"], 0), "wrong_type");
    expectPass("raw", variant(ratingLine, ["review", "reviewedAt"], null));
    expectFail("raw", variant(ratingLine, ["correction", "createdAt"], "later"), "wrong_type");
    expectPass("raw", { ...ratingLine, correction: null });
    // A comparison has exactly two answers.
    expectFail(
      "raw",
      variant(comparisonLine, ["answers"], [FORMATS.raw.rows(comparison)[0]!.answers]),
      "wrong_type",
    );
    expectFail("raw", { ...comparisonLine, answers: "both" }, "wrong_type");
  });

  it("names the field that breaks a rule", () => {
    const verdict = check("raw", variant(ratingLine, ["history", 1, "role"], "tool"));
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? "" : verdict.detail).toContain("line.history.1.role");
  });

  it("checks a shared (frozen) turn on every line, and remembers only the ones that pass", () => {
    const bad = Object.freeze({ role: "tool", content: "x", messageId: "u9", ratedUp: null });
    const good = Object.freeze({ role: "user", content: "x", messageId: "u9", ratedUp: null });
    for (let index = 0; index < 2; index++) {
      expectFail("raw", { ...ratingLine, history: [good, bad] }, "invalid_role");
      expectPass("raw", { ...ratingLine, history: [good, good] });
    }
  });
});
