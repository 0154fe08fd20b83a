import { describe, expect, it } from "vitest";
import { trainingUse } from "@/lib/feedback/consent";
import { chosenAndRejected, impliedPairs, orderedPair, pairFromVerdict } from "@/lib/feedback/preferences";
import { recordEventsInput, submitFeedbackInput } from "@/lib/feedback/schemas";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";

describe("the training-use rule", () => {
  const usable = { temporary: false, deleted: false, userConsent: true } as const;

  it("allows a kept, ordinary conversation of a consenting user", () => {
    expect(trainingUse(usable)).toEqual({ usable: true, exclusions: [] });
    expect(trainingUse({ ...usable, reviewStatus: "reviewed" }).usable).toBe(true);
    expect(trainingUse({ ...usable, reviewStatus: "pending" }).usable).toBe(true);
  });

  it.each([
    [{ temporary: true }, ["temporary"]],
    [{ userConsent: false }, ["consent_off"]],
    [{ deleted: true }, ["deleted"]],
    [{ reviewStatus: "excluded" as const }, ["excluded"]],
    [
      { temporary: true, userConsent: false, deleted: true, reviewStatus: "excluded" as const },
      ["temporary", "consent_off", "deleted", "excluded"],
    ],
  ])("refuses %o and says why", (change, exclusions) => {
    expect(trainingUse({ ...usable, ...change })).toEqual({ usable: false, exclusions });
  });
});

describe("preferences between sibling answers", () => {
  it("orders a pair the same way whichever answer comes first", () => {
    expect(orderedPair(B, A)).toEqual(orderedPair(A, B));
    expect(orderedPair(B, A)).toEqual({ answerAId: A, answerBId: B });
  });

  it("turns Better / Worse / Same into the preferred answer or a tie", () => {
    expect(pairFromVerdict(B, A, "better")).toEqual({ answerAId: A, answerBId: B, preferredId: B });
    expect(pairFromVerdict(B, A, "worse")).toEqual({ answerAId: A, answerBId: B, preferredId: A });
    expect(pairFromVerdict(B, A, "same")).toEqual({ answerAId: A, answerBId: B, preferredId: null });
  });

  it("derives a preference from one answer rated up and a sibling rated down", () => {
    expect(
      impliedPairs([
        { messageId: B, rating: "up" },
        { messageId: A, rating: "down" },
      ]),
    ).toEqual([{ answerAId: A, answerBId: B, preferredId: B }]);
  });

  it("derives nothing from equal ratings, and every up×down pair from three answers", () => {
    expect(
      impliedPairs([
        { messageId: A, rating: "up" },
        { messageId: B, rating: "up" },
      ]),
    ).toEqual([]);
    const pairs = impliedPairs([
      { messageId: A, rating: "up" },
      { messageId: B, rating: "down" },
      { messageId: C, rating: "down" },
    ]);
    expect(pairs).toEqual([
      { answerAId: A, answerBId: B, preferredId: A },
      { answerAId: A, answerBId: C, preferredId: A },
    ]);
  });

  it("names the chosen and rejected answer of a stored pair", () => {
    expect(chosenAndRejected({ answerAId: A, answerBId: B, preferredId: B })).toEqual({
      chosenId: B,
      rejectedId: A,
      tie: false,
    });
    expect(chosenAndRejected({ answerAId: A, answerBId: B, preferredId: null }).tie).toBe(true);
  });
});

describe("feedback input", () => {
  const base = { messageId: A, rating: "down", reasons: ["incomplete"], comment: "  Missing step 3  " };

  it("accepts reasons of the rating's own set and trims the comment", () => {
    expect(submitFeedbackInput.parse(base)).toEqual({ ...base, comment: "Missing step 3" });
  });

  it.each([
    ["an unknown reason", { reasons: ["boring"] }],
    ["a good reason on a bad rating", { reasons: ["creative"] }],
    ["a comment over 2,000 characters", { comment: "x".repeat(2001) }],
    ["a 100 kB comment", { comment: "<script>".repeat(12_800) }],
  ])("rejects %s", (_, change) => {
    expect(submitFeedbackInput.safeParse({ ...base, ...change }).success).toBe(false);
  });

  it("lets events carry ids, numbers and flags but no text", () => {
    const event = { type: "copy", conversationId: A, messageId: B };
    expect(
      recordEventsInput.safeParse({ events: [{ ...event, payload: { index: 2, ok: true } }] }).success,
    ).toBe(true);
    expect(
      recordEventsInput.safeParse({ events: [{ ...event, payload: { text: "secret answer" } }] }).success,
    ).toBe(false);
    expect(recordEventsInput.safeParse({ events: [{ ...event, type: "keystroke" }] }).success).toBe(false);
    expect(recordEventsInput.safeParse({ events: Array(51).fill(event) }).success).toBe(false);
  });
});
