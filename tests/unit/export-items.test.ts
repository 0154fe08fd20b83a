import { describe, expect, it } from "vitest";
import { FORMATS } from "@/lib/export/formats";
import { conversationItems } from "@/lib/export/items/conversation-items";
import type {
  ConversationSnapshot,
  SnapshotComparison,
  SnapshotFeedback,
  SnapshotMessage,
} from "@/lib/export/items/snapshot";
import type { ComparedAnswerItem, ComparisonItem, ExportItem, RatingItem } from "@/lib/export/types";

const USER = "0123456789abcdef0123456789abcdef";
const T0 = Date.UTC(2026, 0, 1);

/** A conversation built message by message; each message is one second after the previous one. */
function conversation(systemPrompt = "You are concise.") {
  const snapshot: ConversationSnapshot = {
    conversationId: "c1",
    userKey: USER,
    systemPrompt,
    messages: [],
    feedback: [],
    corrections: [],
    comparisons: [],
  };
  let tick = 0;
  const at = () => new Date(T0 + 1000 * ++tick);
  return {
    snapshot,
    message(id: string, parentId: string | null, role: SnapshotMessage["role"], text: string) {
      snapshot.messages.push({
        id,
        parentId,
        role,
        text,
        modelId: "model-at-generation",
        provider: "openai",
        params: { temperature: 1 },
        inputTokens: 5,
        outputTokens: 7,
        timeToFirstTokenMs: 100,
        durationMs: 900,
        finishReason: "stop",
        status: "complete",
        createdAt: at(),
      });
      return this;
    },
    rate(messageId: string, rating: "up" | "down", extra: Partial<SnapshotFeedback> = {}) {
      snapshot.feedback.push({
        id: `f-${messageId}`,
        messageId,
        rating,
        reasons: [],
        comment: "",
        reviewStatus: "pending",
        reviewNote: "",
        reviewedAt: null,
        modelId: null,
        provider: null,
        params: null,
        createdAt: at(),
        updatedAt: at(),
        ...extra,
      });
      return this;
    },
    correct(messageId: string, text: string, id = `k-${messageId}`) {
      snapshot.corrections.push({ id, messageId, text, createdAt: at() });
      return this;
    },
    compare(
      id: string,
      promptId: string,
      answerAId: string,
      answerBId: string,
      preferredId: string | null,
      source: SnapshotComparison["source"] = "explicit",
    ) {
      snapshot.comparisons.push({
        id,
        promptId,
        answerAId,
        answerBId,
        preferredId,
        source,
        createdAt: at(),
        updatedAt: at(),
      });
      return this;
    },
  };
}

const ratingsOf = (items: ExportItem[]) => items.filter((item): item is RatingItem => item.kind === "rating");
const comparisonsOf = (items: ExportItem[]) =>
  items.filter((item): item is ComparisonItem => item.kind === "comparison");
const comparedOf = (items: ExportItem[]) =>
  items.filter((item): item is ComparedAnswerItem => item.kind === "compared-answer");
const rated = (items: ExportItem[], messageId: string) =>
  ratingsOf(items).find((item) => item.messageId === messageId)!;

/** openai-sft lines of all items, as [content, weight] of assistant turns. */
function sftWeights(items: ExportItem[]) {
  return items.flatMap((item) =>
    FORMATS["openai-sft"]
      .rows(item)
      .map((row) =>
        (row.messages as { role: string; content: string; weight?: number }[])
          .filter((message) => message.role === "assistant")
          .map((message) => `${message.content}:${message.weight}`),
      ),
  );
}

describe("histories", () => {
  // u1 → a1 → u2 → {a2, a3}; u1 → a1 → u2b (edited question) → a5
  const built = conversation()
    .message("u1", null, "user", "Hi")
    .message("a1", "u1", "assistant", "Hello!")
    .message("u2", "a1", "user", "Capital of France?")
    .message("a2", "u2", "assistant", "Lyon.")
    .message("a3", "u2", "assistant", "Paris.")
    .message("u2b", "a1", "user", "Capital of Spain?")
    .message("a5", "u2b", "assistant", "Madrid.")
    .rate("a1", "up")
    .rate("a2", "down")
    .rate("a5", "up");
  const { items } = conversationItems(built.snapshot);

  it("start with the system prompt, then only the branch that leads to the answer", () => {
    expect(rated(items, "a2").history).toEqual([
      { role: "system", content: "You are concise." },
      { role: "user", content: "Hi", messageId: "u1" },
      { role: "assistant", content: "Hello!", messageId: "a1", ratedUp: true },
      { role: "user", content: "Capital of France?", messageId: "u2" },
    ]);
    expect(rated(items, "a5").history.map((turn) => turn.messageId ?? "system")).toEqual([
      "system",
      "u1",
      "a1",
      "u2b",
    ]);
    expect(rated(items, "a1").history.map((turn) => turn.messageId ?? "system")).toEqual(["system", "u1"]);
  });

  it("have no system turn when the system prompt is blank", () => {
    const blank = conversation("  ")
      .message("u1", null, "user", "Hi")
      .message("a1", "u1", "assistant", "Hello!")
      .rate("a1", "up");
    expect(rated(conversationItems(blank.snapshot).items, "a1").history).toEqual([
      { role: "user", content: "Hi", messageId: "u1" },
    ]);
  });

  it("carry the rating facts, the frozen model and ISO timestamps", () => {
    const item = rated(items, "a2");
    expect(item).toMatchObject({
      conversationId: "c1",
      feedbackId: "f-a2",
      userKey: USER,
      rating: "down",
      answer: "Lyon.",
      correction: null,
      review: { status: "pending", note: "", reviewedAt: null },
    });
    expect(item.answerMeta).toMatchObject({
      modelId: "model-at-generation",
      createdAt: "2026-01-01T00:00:04.000Z",
    });
    const frozen = conversation()
      .message("u1", null, "user", "Hi")
      .message("a1", "u1", "assistant", "Hello!")
      .rate("a1", "up", { modelId: "frozen-model", provider: "anthropic", params: { temperature: 0 } });
    expect(rated(conversationItems(frozen.snapshot).items, "a1").answerMeta).toMatchObject({
      modelId: "frozen-model",
      provider: "anthropic",
      params: { temperature: 0 },
    });
  });
});

describe("each answer is trained once in openai-sft", () => {
  it("an earlier answer rated up is trained inside the next trained line, not in a line of its own", () => {
    const built = conversation()
      .message("u1", null, "user", "Hi")
      .message("a1", "u1", "assistant", "Hello!")
      .message("u2", "a1", "user", "Capital?")
      .message("a2", "u2", "assistant", "Paris.")
      .message("u3", "a2", "user", "And Spain?")
      .message("a3", "u3", "assistant", "Madrid.")
      .rate("a1", "up")
      .rate("a2", "up")
      .rate("a3", "up");
    const { items } = conversationItems(built.snapshot);
    expect(rated(items, "a1").trainedInLaterLine).toBe(true);
    expect(rated(items, "a2").trainedInLaterLine).toBe(true);
    expect(rated(items, "a3").trainedInLaterLine).toBe(false);
    expect(sftWeights(items)).toEqual([["Hello!:1", "Paris.:1", "Madrid.:1"]]);
    // Formats without weights give every trained answer its own prompt-completion line.
    expect(items.flatMap((item) => FORMATS["trl-sft"].rows(item))).toHaveLength(3);
  });

  it("when the branch forks below it, only the first later line trains it", () => {
    const built = conversation()
      .message("u1", null, "user", "Hi")
      .message("a1", "u1", "assistant", "Hello!")
      .message("u2", "a1", "user", "Capital?")
      .message("a2", "u2", "assistant", "Paris.")
      .message("a3", "u2", "assistant", "Paris, France.")
      .rate("a1", "up")
      .rate("a2", "up")
      .rate("a3", "up");
    const { items } = conversationItems(built.snapshot);
    expect(rated(items, "a2").history[2]).toMatchObject({ messageId: "a1", ratedUp: true, trainHere: true });
    expect(rated(items, "a3").history[2]).toEqual({
      role: "assistant",
      content: "Hello!",
      messageId: "a1",
      ratedUp: true,
    });
    expect(sftWeights(items)).toEqual([
      ["Hello!:1", "Paris.:1"],
      ["Hello!:0", "Paris, France.:1"],
    ]);
  });

  it("a corrected or thumbs-down earlier answer stays context (weight 0)", () => {
    const built = conversation()
      .message("u1", null, "user", "Hi")
      .message("a1", "u1", "assistant", "Hello!")
      .message("u2", "a1", "user", "Capital?")
      .message("a2", "u2", "assistant", "Paris.")
      .rate("a1", "up")
      .correct("a1", "Hello! How can I help?")
      .rate("a2", "up");
    const { items } = conversationItems(built.snapshot);
    expect(rated(items, "a1").trainedInLaterLine).toBe(false);
    expect(sftWeights(items)).toEqual([["Hello! How can I help?:1"], ["Hello!:0", "Paris.:1"]]);
  });

  it("is not moved into a later line that cannot be written (a blank turn)", () => {
    const built = conversation()
      .message("u1", null, "user", "Hi")
      .message("a1", "u1", "assistant", "Hello!")
      .message("u2", "a1", "user", "Capital?")
      .message("a2", "u2", "assistant", "   ")
      .rate("a1", "up")
      .rate("a2", "up");
    const { items } = conversationItems(built.snapshot);
    expect(rated(items, "a1").trainedInLaterLine).toBe(false);
  });
});

describe("exclusions and stale evidence", () => {
  it("an excluded rating leaves its answer out of every signal", () => {
    const built = conversation()
      .message("u1", null, "user", "Hi")
      .message("a1", "u1", "assistant", "Hello!")
      .message("a2", "u1", "assistant", "Hey!")
      .message("u2", "a1", "user", "Capital?")
      .message("a3", "u2", "assistant", "Paris.")
      .rate("a1", "up", { reviewStatus: "excluded" })
      .rate("a2", "down")
      .rate("a3", "up")
      .compare("cmp-1", "u1", "a1", "a2", "a1", "ratings");
    const { items, skipped } = conversationItems(built.snapshot);
    expect(ratingsOf(items).map((item) => item.messageId)).toEqual(["a2", "a3"]);
    expect(comparisonsOf(items)).toEqual([]);
    expect(rated(items, "a3").history[2]).toEqual({ role: "assistant", content: "Hello!", messageId: "a1" });
    expect(skipped).toEqual([
      { reason: "excluded_rating", id: "f-a1" },
      { reason: "comparison_with_excluded_answer", id: "cmp-1" },
    ]);
  });

  it("a pair implied by ratings is exported only while the ratings still imply it", () => {
    const built = conversation()
      .message("u1", null, "user", "Capital?")
      .message("a1", "u1", "assistant", "Lyon.")
      .message("a2", "u1", "assistant", "Paris.")
      .rate("a1", "up")
      .rate("a2", "up")
      .compare("cmp-1", "u1", "a1", "a2", "a2", "ratings");
    const { items, skipped } = conversationItems(built.snapshot);
    expect(comparisonsOf(items)).toEqual([]);
    expect(skipped).toEqual([{ reason: "stale_implied_comparison", id: "cmp-1" }]);
  });

  it("skips comparisons that are not between sibling answers, and missing messages", () => {
    const built = conversation()
      .message("u1", null, "user", "Capital?")
      .message("a1", "u1", "assistant", "Lyon.")
      .message("u2", "a1", "user", "Sure?")
      .message("a2", "u2", "assistant", "Paris.")
      .compare("cmp-1", "u1", "a1", "a2", "a2")
      .compare("cmp-2", "u1", "a1", "gone", "a1")
      .compare("cmp-3", "u1", "a1", "a1", null);
    expect(conversationItems(built.snapshot).skipped).toEqual([
      { reason: "invalid_comparison", id: "cmp-1" },
      { reason: "missing_message", id: "cmp-2" },
      { reason: "invalid_comparison", id: "cmp-3" },
    ]);
  });

  it("uses the newest correction, and skips a correction whose rating was removed", () => {
    const built = conversation()
      .message("u1", null, "user", "Capital?")
      .message("a1", "u1", "assistant", "Lyon.")
      .message("a2", "u1", "assistant", "Marseille.")
      .rate("a1", "down")
      .correct("a1", "Paris (first try).", "k-1")
      .correct("a1", "Paris.", "k-2")
      .correct("a2", "Paris.", "k-3");
    const { items, skipped } = conversationItems(built.snapshot);
    expect(rated(items, "a1").correction).toMatchObject({ id: "k-2", text: "Paris." });
    expect(skipped).toEqual([{ reason: "correction_without_rating", id: "k-3" }]);
  });
});

describe("comparisons", () => {
  const built = conversation()
    .message("u1", null, "user", "Capital?")
    .message("a1", "u1", "assistant", "Lyon.")
    .message("a2", "u1", "assistant", "Paris.")
    .message("a3", "u1", "assistant", "Paris, France.")
    .message("a4", "u1", "assistant", "It is Paris.")
    .rate("a1", "down")
    .compare("cmp-1", "u1", "a1", "a2", "a2")
    .compare("cmp-2", "u1", "a2", "a3", "a3")
    .compare("cmp-3", "u1", "a3", "a4", null);
  const { items } = conversationItems(built.snapshot);

  it("become comparison items with the shared question, both answers and the preference", () => {
    expect(comparisonsOf(items).map((item) => [item.comparisonId, item.preferred])).toEqual([
      ["cmp-1", "b"],
      ["cmp-2", "b"],
      ["cmp-3", null],
    ]);
    const first = comparisonsOf(items)[0]!;
    expect(first.history).toEqual([
      { role: "system", content: "You are concise." },
      { role: "user", content: "Capital?", messageId: "u1" },
    ]);
    expect(first.a).toMatchObject({ messageId: "a1", content: "Lyon.", rating: "down" });
    expect(first.b).toMatchObject({ messageId: "a2", content: "Paris.", rating: null });
  });

  it("tally explicit outcomes once per unrated answer (ties do not count, rated answers are left to their rating)", () => {
    expect(comparedOf(items).map((item) => [item.messageId, item.wins, item.losses])).toEqual([
      ["a2", 1, 1],
      ["a3", 1, 0],
    ]);
  });
});

describe("determinism", () => {
  it("gives the same items whatever order the rows were loaded in", () => {
    const built = conversation()
      .message("u1", null, "user", "Hi")
      .message("a1", "u1", "assistant", "Hello!")
      .message("u2", "a1", "user", "Capital?")
      .message("a2", "u2", "assistant", "Lyon.")
      .message("a3", "u2", "assistant", "Paris.")
      .message("a4", "u2", "assistant", "Paris!")
      .rate("a1", "up")
      .rate("a2", "down")
      .rate("a3", "up")
      .correct("a2", "Paris.")
      .compare("cmp-1", "u2", "a2", "a3", "a3", "ratings")
      .compare("cmp-2", "u2", "a3", "a4", "a4");
    const reversed: ConversationSnapshot = {
      ...built.snapshot,
      messages: [...built.snapshot.messages].reverse(),
      feedback: [...built.snapshot.feedback].reverse(),
      corrections: [...built.snapshot.corrections].reverse(),
      comparisons: [...built.snapshot.comparisons].reverse(),
    };
    expect(conversationItems(reversed)).toEqual(conversationItems(built.snapshot));
  });
});
