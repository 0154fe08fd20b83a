import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { db } from "@/lib/db/client";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { forgetApiKeys } from "@/lib/api-keys/verify";
import { apiOptions } from "@/lib/api/api-route";
import { comparisonsRoute, feedbackRoute } from "@/lib/api/feedback-routes";
import { listFeedback } from "@/lib/admin/feedback-list";
import { listComparisons } from "@/lib/admin/comparisons";
import type { Actor } from "@/lib/auth/actor";
import { createExchange, createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { startRouteServer } from "../helpers/route-server";

// Read once, on the first env() call of this file: low, so the rate-limit test reaches it quickly;
// every other test stays well under it (the budget is per user, and each test makes its own users).
const LIMIT = 6;
process.env.FEEDBACK_RATE_LIMIT_PER_MINUTE = String(LIMIT);

let server: Awaited<ReturnType<typeof startRouteServer>>;

beforeAll(async () => {
  server = await startRouteServer([
    { path: "/api/v1/feedback", methods: { POST: feedbackRoute, OPTIONS: apiOptions } },
    { path: "/api/v1/comparisons", methods: { POST: comparisonsRoute, OPTIONS: apiOptions } },
  ]);
});
afterAll(() => server.close());
beforeEach(async () => {
  await resetDatabase();
  forgetApiKeys();
});

// The official SDK has no feedback method; its generic post() still raises its error classes.
const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: `${server.url}/api/v1`, maxRetries: 0 });
const id = (message: { id: string }) => `chatcmpl-${message.id}`;

type Feedback = {
  object: string;
  completion_id: string;
  rating: string | null;
  reasons: string[];
  comment: string | null;
};

async function owner(scopes = ["feedback"], answers = 2) {
  const { user, actor } = await createUser();
  const { key } = await createApiKey(actor, { name: "ratings job", scopes });
  const exchange = await createExchange(user.id, { answers });
  const sdk = client(key);
  return {
    user,
    actor,
    key,
    ...exchange,
    sdk,
    rate: (body: Record<string, unknown>) => sdk.post<Feedback>("/feedback", { body }),
    compare: (body: Record<string, unknown>) => sdk.post<Record<string, unknown>>("/comparisons", { body }),
  };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof OpenAI.APIError)) throw new Error(`expected an APIError, got ${String(error)}`);
  return error as InstanceType<typeof OpenAI.APIError> & { headers: Headers };
}

async function adminActor(): Promise<Actor> {
  return (await createUser({ role: "ADMIN" })).actor;
}

describe("POST /api/v1/feedback", () => {
  it("stores good, bad and removed ratings as the chat's Feedback rows, seen in the admin console", async () => {
    const o = await owner();
    const answer = o.answers[0]!;
    expect(await o.rate({ completion_id: id(answer), rating: "good" })).toEqual({
      object: "feedback",
      completion_id: id(answer),
      rating: "good",
      reasons: [],
      comment: null,
    });
    const stored = await db().feedback.findFirstOrThrow({ where: { messageId: answer.id } });
    expect(stored).toMatchObject({
      userId: o.user.id,
      conversationId: o.conversation.id,
      rating: "up",
      modelId: "fake-model",
      provider: "openai-compatible",
    });

    const admin = await adminActor();
    const listed = await listFeedback(admin, {});
    expect(listed.rows).toHaveLength(1);
    expect(listed.rows[0]).toMatchObject({ id: stored.id, rating: "up", userId: o.user.id });

    // A bare uuid names the same answer.
    const bad = await o.rate({ completion_id: answer.id, rating: "bad" });
    expect(bad).toMatchObject({ completion_id: id(answer), rating: "bad" });
    expect((await listFeedback(admin, { rating: "down" })).rows.map((r) => r.id)).toEqual([stored.id]);

    expect(await o.rate({ completion_id: id(answer), rating: null })).toEqual({
      object: "feedback",
      completion_id: id(answer),
      rating: null,
      reasons: [],
      comment: null,
    });
    expect(await db().feedback.count()).toBe(0);
    expect((await listFeedback(admin, {})).rows).toHaveLength(0);
  });

  it("stores reasons and a comment; each request states the whole feedback", async () => {
    const o = await owner();
    const answer = o.answers[0]!;
    const saved = await o.rate({
      completion_id: id(answer),
      rating: "bad",
      reasons: ["incomplete", "outdated", "incomplete"],
      comment: "  Misses the 2024 figures.  ",
    });
    expect(saved).toEqual({
      object: "feedback",
      completion_id: id(answer),
      rating: "bad",
      reasons: ["incomplete", "outdated"],
      comment: "Misses the 2024 figures.",
    });
    const admin = await adminActor();
    expect((await listFeedback(admin, { reason: "outdated", hasComment: "1" })).rows[0]).toMatchObject({
      rating: "down",
      reasons: ["incomplete", "outdated"],
      commentStart: "Misses the 2024 figures.",
    });
    // Left out, reasons and comment are cleared: a repeat of a request leaves the same state.
    expect(await o.rate({ completion_id: id(answer), rating: "good", reasons: ["correct"] })).toMatchObject({
      rating: "good",
      reasons: ["correct"],
      comment: null,
    });
    const row = await db().feedback.findFirstOrThrow({ where: { messageId: answer.id } });
    expect(row).toMatchObject({ rating: "up", reasons: ["correct"], comment: "" });
  });

  it("refuses a reason of the other rating, an unknown reason, and reasons without a rating", async () => {
    const o = await owner();
    const completion_id = id(o.answers[0]!);
    const wrongSet = await failure(
      o.rate({ completion_id, rating: "good", reasons: ["correct", "incomplete"] }),
    );
    expect(wrongSet).toBeInstanceOf(OpenAI.BadRequestError);
    expect(wrongSet.error).toMatchObject({ type: "invalid_request_error", param: "reasons[1]" });
    expect(wrongSet.message).toMatch(/'incomplete' is not a reason for a good rating/);
    expect((await failure(o.rate({ completion_id, rating: "bad", reasons: ["nope"] }))).error).toMatchObject({
      param: "reasons[0]",
    });
    expect((await failure(o.rate({ completion_id, rating: null, reasons: ["other"] }))).error).toMatchObject({
      param: "reasons",
    });
    expect((await failure(o.rate({ completion_id, rating: null, comment: "hm" }))).error).toMatchObject({
      param: "comment",
    });
    expect(await db().feedback.count()).toBe(0);
  });

  it("refuses bad values with 400 naming the param", async () => {
    const o = await owner();
    const completion_id = id(o.answers[0]!);
    const rating = await failure(o.rate({ completion_id, rating: "up" }));
    expect(rating).toBeInstanceOf(OpenAI.BadRequestError);
    expect(rating.status).toBe(400);
    expect(rating.error).toEqual({
      message: 'rating must be "good", "bad" or null.',
      type: "invalid_request_error",
      param: "rating",
      code: null,
    });
    expect((await failure(o.rate({ completion_id }))).error).toMatchObject({ param: "rating" });
    expect((await failure(o.rate({ rating: "good" }))).error).toMatchObject({ param: "completion_id" });
    expect((await failure(o.rate({ completion_id: 42, rating: "good" }))).error).toMatchObject({
      param: "completion_id",
    });
    const unknown = await failure(o.rate({ completion_id, rating: "good", score: 5 }));
    expect(unknown).toBeInstanceOf(OpenAI.BadRequestError);
    expect(unknown.error).toEqual({
      message: "Unknown parameter: 'score'.",
      type: "invalid_request_error",
      param: "score",
      code: "unknown_parameter",
    });
    // Text PostgreSQL cannot store (NUL, a lone surrogate) is the caller's error, not a 500.
    for (const comment of ["a\u0000b", "a\uD800b"]) {
      expect((await failure(o.rate({ completion_id, rating: "bad", comment }))).error).toMatchObject({
        param: "comment",
      });
    }
    expect(
      (await failure(o.rate({ completion_id, rating: "bad", comment: "x".repeat(2001) }))).error,
    ).toMatchObject({ param: "comment" });
    expect(await db().feedback.count()).toBe(0);
  });

  it("answers 400 to a body that is not JSON or not an object", async () => {
    const o = await owner();
    const post = (body: string, type = "application/json") =>
      fetch(`${server.url}/api/v1/feedback`, {
        method: "POST",
        headers: { authorization: `Bearer ${o.key}`, "content-type": type },
        body,
      });
    const invalid = await post("{not json");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: { type: "invalid_request_error", code: "invalid_json" },
    });
    expect((await post("[1, 2]")).status).toBe(400);
    expect((await post("null")).status).toBe(400);
    expect((await post("rating=good", "application/x-www-form-urlencoded")).status).toBe(415);
  });

  it("answers 404 for an unknown completion and for another user's, never revealing it", async () => {
    const o = await owner();
    const stranger = await owner();
    const theirs = await failure(o.rate({ completion_id: id(stranger.answers[0]!), rating: "good" }));
    expect(theirs).toBeInstanceOf(OpenAI.NotFoundError);
    expect(theirs.error).toEqual({
      message: `No completion found with id '${id(stranger.answers[0]!)}'.`,
      type: "invalid_request_error",
      param: "completion_id",
      code: "not_found",
    });
    const unknownId = `chatcmpl-${randomUUID()}`;
    expect(await failure(o.rate({ completion_id: unknownId, rating: "good" }))).toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    expect(await failure(o.rate({ completion_id: "chatcmpl-nonsense", rating: "bad" }))).toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    // The question is no completion either.
    expect(await failure(o.rate({ completion_id: id(o.question), rating: "good" }))).toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    // Removing a rating of someone else's answer is as unknown as rating it.
    expect(await failure(o.rate({ completion_id: id(stranger.answers[0]!), rating: null }))).toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    expect(await db().feedback.count()).toBe(0);
  });

  it("answers 409 while the answer is still being written", async () => {
    const o = await owner();
    const streaming = await createExchange(o.user.id, { status: "streaming" });
    const error = await failure(o.rate({ completion_id: id(streaming.answers[0]!), rating: "good" }));
    expect(error.status).toBe(409);
    expect(error.error).toMatchObject({ param: "completion_id", code: "conflict" });
  });

  it("needs a key with the feedback scope", async () => {
    const o = await owner(["chat"]);
    const body = { completion_id: id(o.answers[0]!), rating: "good" };
    const denied = await failure(o.rate(body));
    expect(denied).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(denied.error).toMatchObject({ type: "permission_error", code: "permission_denied" });
    expect(denied.message).toMatch(/'feedback' scope/);
    expect(
      await failure(o.compare({ preferred_id: body.completion_id, rejected_id: id(o.answers[1]!) })),
    ).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(await failure(client("fw-" + "a".repeat(43)).post("/feedback", { body }))).toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    // The SDK always sends a key; a plain request shows a missing one.
    const missing = await fetch(`${server.url}/api/v1/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: "invalid_api_key" } });
    expect(await db().feedback.count()).toBe(0);
  });

  it("shares the chat's per-minute feedback budget and answers 429 with retry-after", async () => {
    const o = await owner();
    const completion_id = id(o.answers[0]!);
    for (let i = 0; i < LIMIT; i++) {
      await o.rate({ completion_id, rating: i % 2 ? "good" : "bad" });
    }
    const limited = await failure(o.rate({ completion_id, rating: "good" }));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(limited.error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Comparisons draw on the same budget.
    expect(
      await failure(o.compare({ preferred_id: completion_id, rejected_id: id(o.answers[1]!) })),
    ).toBeInstanceOf(OpenAI.RateLimitError);
  });
});

describe("POST /api/v1/comparisons", () => {
  it("stores the preference as the chat's explicit choice, seen in the admin console", async () => {
    const o = await owner();
    const [first, second] = [o.answers[0]!, o.answers[1]!];
    expect(await o.compare({ preferred_id: id(second), rejected_id: first.id })).toEqual({
      object: "comparison",
      preferred_id: id(second),
      rejected_id: id(first),
    });
    const stored = await db().comparison.findFirstOrThrow();
    expect(stored).toMatchObject({
      userId: o.user.id,
      conversationId: o.conversation.id,
      promptId: o.question.id,
      preferredId: second.id,
      source: "explicit",
    });
    const admin = await adminActor();
    const listed = await listComparisons(admin, {});
    expect(listed.rows).toHaveLength(1);
    expect(listed.rows[0]).toMatchObject({
      source: "explicit",
      tie: false,
      preferred: { id: second.id },
      rejected: { id: first.id },
    });
    // Changing one's mind updates the one pair.
    await o.compare({ preferred_id: id(first), rejected_id: id(second) });
    expect(await db().comparison.findMany()).toEqual([expect.objectContaining({ preferredId: first.id })]);
  });

  it("compares only two answers to the same message, both the caller's", async () => {
    const o = await owner();
    const [first, second] = [o.answers[0]!, o.answers[1]!];
    const elsewhere = await createExchange(o.user.id);
    const notSiblings = await failure(
      o.compare({ preferred_id: id(first), rejected_id: id(elsewhere.answers[0]!) }),
    );
    expect(notSiblings).toBeInstanceOf(OpenAI.BadRequestError);
    expect(notSiblings.error).toMatchObject({ param: "rejected_id" });
    expect(notSiblings.message).toMatch(/same message/);

    const same = await failure(o.compare({ preferred_id: id(first), rejected_id: first.id }));
    expect(same).toBeInstanceOf(OpenAI.BadRequestError);
    expect(same.error).toMatchObject({ param: "rejected_id" });

    const stranger = await owner();
    const theirs = await failure(
      o.compare({ preferred_id: id(stranger.answers[0]!), rejected_id: id(second) }),
    );
    expect(theirs).toBeInstanceOf(OpenAI.NotFoundError);
    expect(theirs.error).toMatchObject({ param: "preferred_id" });
    const unknown = await failure(
      o.compare({ preferred_id: id(first), rejected_id: `chatcmpl-${randomUUID()}` }),
    );
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown.error).toMatchObject({ param: "rejected_id" });
    // Siblings of someone else are as unknown as any other of their answers.
    const theirPair = await failure(
      o.compare({ preferred_id: id(stranger.answers[0]!), rejected_id: id(stranger.answers[1]!) }),
    );
    expect(theirPair).toBeInstanceOf(OpenAI.NotFoundError);

    expect((await failure(o.compare({ preferred_id: id(first) }))).error).toMatchObject({
      param: "rejected_id",
    });
    expect(
      (await failure(o.compare({ preferred_id: id(first), rejected_id: id(second), verdict: "better" })))
        .error,
    ).toMatchObject({ param: "verdict", code: "unknown_parameter" });
    expect(await db().comparison.count()).toBe(0);
  });
});
