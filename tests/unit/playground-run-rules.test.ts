import { describe, expect, it } from "vitest";
import { runRuleErrors } from "@/lib/playground/run-rules";
import { playgroundSettings } from "@/lib/playground/schemas";
import { arenaVoteInput } from "@/lib/arena/schemas";
import { votePairs } from "@/lib/arena/vote-pairs";
import { voteChoices } from "@/lib/arena/vote-choices";

const user = (content: string) => ({ role: "user" as const, content });
const bot = (content: string) => ({ role: "assistant" as const, content });

describe("a run's rules", () => {
  it("accepts a conversation that ends with the user's message", () => {
    expect(runRuleErrors({ messages: [user("Hi")] })).toEqual({});
    expect(runRuleErrors({ messages: [user("Hi"), bot("Hello"), user("Again")] })).toEqual({});
  });

  it("names each problem by field", () => {
    expect(runRuleErrors({ messages: [] })).toEqual({ messages: "Add a message to run." });
    expect(runRuleErrors({ messages: [user("Hi"), bot(" \n"), user("")] })).toEqual({
      "messages.1.content": "Message 2 is empty.",
      "messages.2.content": "Message 3 is empty.",
    });
    expect(runRuleErrors({ messages: [user("Hi"), bot("Hello")] })).toEqual({
      "messages.1.role": "The last message must be from the user: the model answers it.",
    });
  });

  it("leaves ranges and the JSON schema to the set-up's schema", () => {
    const base = { models: ["m"], systemPrompt: "", messages: [user("Hi")] };
    const issues = (params: object) =>
      playgroundSettings.safeParse({ ...base, params }).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ temperature: 2.5 })).toEqual(["Temperature is at most 2."]);
    expect(issues({ topP: -0.1 })).toEqual(["Top P is at least 0."]);
    expect(issues({ responseFormat: { type: "json", schema: "[1]" } })).toEqual([
      "The JSON schema is not a valid JSON object.",
    ]);
    expect(issues({ responseFormat: { type: "json", schema: "" } })).toEqual([]);
  });
});

describe("the arena vote's mapping", () => {
  const [a, b, c, d] = [
    "00000000-0000-4000-8000-00000000000a",
    "00000000-0000-4000-8000-00000000000b",
    "00000000-0000-4000-8000-00000000000c",
    "00000000-0000-4000-8000-00000000000d",
  ] as const;

  it("turns 'B is better' into one pair B wins, a tie and both-bad into a pair with no winner", () => {
    expect(votePairs({ answerIds: [b, a], verdict: "best", bestId: b })).toEqual({
      pairs: [{ answerAId: a, answerBId: b, preferredId: b }],
      bothBad: false,
    });
    expect(votePairs({ answerIds: [a, b], verdict: "tie" })).toEqual({
      pairs: [{ answerAId: a, answerBId: b, preferredId: null }],
      bothBad: false,
    });
    expect(votePairs({ answerIds: [a, b], verdict: "both-bad" }).bothBad).toBe(true);
  });

  it("turns the best of four into three pairs it wins, and a tie of four into all six pairs", () => {
    const best = votePairs({ answerIds: [a, b, c, d], verdict: "best", bestId: c });
    expect(best.pairs).toEqual([
      { answerAId: a, answerBId: c, preferredId: c },
      { answerAId: b, answerBId: c, preferredId: c },
      { answerAId: c, answerBId: d, preferredId: c },
    ]);
    expect(votePairs({ answerIds: [a, b, c, d], verdict: "tie" }).pairs).toHaveLength(6);
  });

  it("offers the choices the issue names", () => {
    expect(voteChoices([a, b]).map((choice) => choice.label)).toEqual([
      "A is better",
      "B is better",
      "Tie",
      "Both are bad",
    ]);
    expect(voteChoices([a, b, c]).map((choice) => choice.label)).toEqual([
      "A is best",
      "B is best",
      "C is best",
      "Tie",
      "All are bad",
    ]);
  });

  it("validates the vote", () => {
    expect(arenaVoteInput.safeParse({ answerIds: [a, b], verdict: "best" }).success).toBe(false);
    expect(arenaVoteInput.safeParse({ answerIds: [a, a], verdict: "tie" }).success).toBe(false);
    expect(arenaVoteInput.safeParse({ answerIds: [a, b, c, d, a], verdict: "tie" }).success).toBe(false);
    expect(arenaVoteInput.safeParse({ answerIds: [a, b], verdict: "best", bestId: c }).success).toBe(false);
    expect(arenaVoteInput.parse({ answerIds: [a.toUpperCase(), b], verdict: "tie" }).answerIds[0]).toBe(a);
  });
});
