// The pure rules of held-out replay: each export format's prompt, the judge's verdict parsing and
// position-bias cancelling, and the Wilson interval behind "significant".
import { describe, expect, it } from "vitest";
import { promptOfLine, promptsOfFile } from "@/lib/evaluation/prompt-lines";
import { combineVerdicts, parseVerdict, toVerdict } from "@/lib/evaluation/rubric";
import { wilson, winRate } from "@/lib/evaluation/results";

const sys = { role: "system", content: "Be brief." } as const;
const q1 = { role: "user", content: "Capital of France?" } as const;
const a1 = { role: "assistant", content: "Paris." } as const;
const q2 = { role: "user", content: "And of Spain?" } as const;
const a2 = { role: "assistant", content: "Madrid." } as const;

describe("promptOfLine", () => {
  it("SFT: the messages before the last assistant message", () => {
    expect(
      promptOfLine("openai-sft", { messages: [sys, q1, { ...a1, weight: 0 }, q2, { ...a2, weight: 1 }] }),
    ).toEqual({
      messages: [sys, q1, a1, q2],
    });
  });
  it("DPO: the input messages; TRL: the prompt", () => {
    const pair = { preferred_output: [a2], non_preferred_output: [a1] };
    expect(promptOfLine("openai-dpo", { input: { messages: [q1] }, ...pair })).toEqual({ messages: [q1] });
    expect(promptOfLine("trl-sft", { prompt: [sys, q1], completion: [a1] })).toEqual({ messages: [sys, q1] });
    expect(promptOfLine("trl-preference", { prompt: [q1], chosen: [a1], rejected: [a2] })).toEqual({
      messages: [q1],
    });
    expect(promptOfLine("trl-kto", { prompt: [q1], completion: [a1], label: true })).toEqual({
      messages: [q1],
    });
  });
  it("ShareGPT: the turns before the last gpt turn, in chat roles; raw: the history", () => {
    const conversations = [
      { from: "system", value: "Be brief." },
      { from: "human", value: "Capital of France?" },
      { from: "gpt", value: "Paris." },
    ];
    expect(promptOfLine("sharegpt", { conversations })).toEqual({ messages: [sys, q1] });
    const history = [{ role: "user", content: "Capital of France?", messageId: null, ratedUp: null }];
    expect(promptOfLine("raw", { type: "rating", history, answer: "Paris." })).toEqual({ messages: [q1] });
  });
  it("text parts are joined; a line without a final user message has no prompt", () => {
    expect(
      promptOfLine("trl-sft", { prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] }),
    ).toEqual({
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(promptOfLine("trl-sft", { prompt: [q1, a1] })).toBeNull();
    expect(promptOfLine("openai-dpo", { input: {} })).toBeNull();
    expect(promptOfLine("trl-kto", "not an object")).toBeNull();
    expect(promptOfLine("trl-sft", { prompt: [{ role: "tool", content: "x" }] })).toBeNull();
  });
  it("a file's prompts are deduplicated, capped, and bad lines skipped", () => {
    const line = (q: object) => JSON.stringify({ prompt: [q], completion: [a1] });
    const content = [line(q1), "not json", line(q1), line(q2), line({ role: "user", content: "Third" })].join(
      "\n",
    );
    expect(promptsOfFile("trl-sft", content, 10).map((p) => p.messages[0]!.content)).toEqual([
      "Capital of France?",
      "And of Spain?",
      "Third",
    ]);
    expect(promptsOfFile("trl-sft", content, 2)).toHaveLength(2);
  });
});

describe("judge verdicts", () => {
  it("reads the last Verdict line, whatever its case and markup", () => {
    expect(parseVerdict("A is wordy.\nVerdict: B")).toBe("B");
    expect(parseVerdict("**Verdict:** a")).toBe("A");
    expect(parseVerdict("Verdict: A\n...on reflection\nVerdict: tie")).toBe("tie");
    expect(parseVerdict("verdict - Both bad")).toBe("both_bad");
    expect(parseVerdict("Verdict: both_bad")).toBe("both_bad");
    expect(parseVerdict("I prefer the first one.")).toBeNull();
    expect(parseVerdict("Verdict: maybe")).toBeNull();
  });
  it("maps positions back to models, and a disagreement between orders is a tie", () => {
    expect(toVerdict("A", true)).toBe("candidate");
    expect(toVerdict("A", false)).toBe("baseline");
    expect(toVerdict("B", false)).toBe("candidate");
    expect(toVerdict(null, true)).toBe("tie");
    // A judge that always says "A" prefers the candidate in one order and the baseline in the other.
    expect(combineVerdicts(toVerdict("A", true), toVerdict("A", false))).toBe("tie");
    expect(combineVerdicts(toVerdict("A", true), toVerdict("B", false))).toBe("candidate");
    expect(combineVerdicts("both_bad", "both_bad")).toBe("both_bad");
  });
});

describe("win rate", () => {
  it("Wilson interval at 95 %", () => {
    const interval = wilson(8, 10)!;
    expect(interval.low).toBeCloseTo(0.4902, 3);
    expect(interval.high).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toBeNull();
  });
  it("significant only when the interval excludes 50 %; ties are left out of the rate", () => {
    expect(winRate({ wins: 8, losses: 2, ties: 50, bothBad: 3 })).toMatchObject({
      rate: 0.8,
      significant: false,
    });
    expect(winRate({ wins: 20, losses: 0, ties: 0, bothBad: 0 })).toMatchObject({
      rate: 1,
      significant: true,
      ahead: "candidate",
    });
    expect(winRate({ wins: 1, losses: 19, ties: 0, bothBad: 0 })).toMatchObject({
      significant: true,
      ahead: "baseline",
    });
    expect(winRate({ wins: 0, losses: 0, ties: 4, bothBad: 1 })).toMatchObject({
      rate: null,
      significant: false,
    });
  });
});
