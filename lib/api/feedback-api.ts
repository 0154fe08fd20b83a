import "server-only";
import { z } from "zod";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { AppError } from "../errors/app-error";
import { rateMessage } from "../feedback/rate";
import { submitFeedback } from "../feedback/submit";
import { compareAnswers } from "../feedback/comparisons";
import { BAD_REASONS, COMMENT_MAX_CHARS, GOOD_REASONS } from "../feedback/reasons";
import { userText } from "../validation/user-text";
import { ApiError } from "./api-error";
import { parseApiInput } from "./parse-api-input";
import { COMPLETION_PREFIX, completionId } from "./completions/completion-format";

// `POST /api/v1/feedback` and `POST /api/v1/comparisons`: the chat's own rating and comparison
// functions (lib/feedback) behind OpenAI-style names, so the API keeps the chat's rules, rate limit
// (FEEDBACK_RATE_LIMIT_PER_MINUTE, one budget for both) and storage, and its ratings reach the admin
// console like any other. Only the spelling differs: "good"/"bad" for "up"/"down", `chatcmpl-<id>`
// for a message id.

const UUID = z.uuid();

/** The message id inside `chatcmpl-<uuid>` (or a bare uuid); null when it cannot name any answer. */
function messageIdOf(id: string): string | null {
  const bare = id.startsWith(COMPLETION_PREFIX) ? id.slice(COMPLETION_PREFIX.length) : id;
  return UUID.safeParse(bare).success ? bare.toLowerCase() : null;
}

function completionNotFound(id: string, param: string): ApiError {
  return new ApiError("NOT_FOUND", `No completion found with id '${id}'.`, param);
}

const idField = (param: string) =>
  z
    .string({ error: `${param} must be a completion id (chatcmpl-…), as a string.` })
    .min(1, `${param} must be a completion id (chatcmpl-…).`)
    .max(100, `${param} must be a completion id (chatcmpl-…).`);

const REASONS: Record<"good" | "bad", Record<string, string>> = { good: GOOD_REASONS, bad: BAD_REASONS };
const MAX_REASONS = new Set([...Object.keys(GOOD_REASONS), ...Object.keys(BAD_REASONS)]).size;

export const feedbackRequest = z
  .strictObject({
    completion_id: idField("completion_id"),
    rating: z.enum(["good", "bad"], { error: 'rating must be "good", "bad" or null.' }).nullable(),
    reasons: z
      .array(
        // Short: an unknown reason is quoted back in the error message.
        z.string({ error: "Each reason must be a string." }).max(40, "That is not a reason."),
        { error: "reasons must be an array." },
      )
      .max(MAX_REASONS, `At most ${MAX_REASONS} reasons.`)
      .nullish(),
    comment: userText({ error: "comment must be a string." })
      .max(COMMENT_MAX_CHARS, `comment is at most ${COMMENT_MAX_CHARS.toLocaleString("en")} characters.`)
      .nullish(),
  })
  .superRefine((input, ctx) => {
    const reasons = input.reasons ?? [];
    if (input.rating === null) {
      // Removing a rating removes its reasons and comment too (as in the chat): sending some with it
      // is a mistake to report, not a wish to guess at.
      if (reasons.length > 0) {
        ctx.addIssue({ code: "custom", path: ["reasons"], message: "Reasons need a rating." });
      } else if (input.comment) {
        ctx.addIssue({ code: "custom", path: ["comment"], message: "A comment needs a rating." });
      }
      return;
    }
    // The chat's rule: each reason belongs to one rating's set ("incomplete" is never a good answer's).
    const allowed = REASONS[input.rating];
    const index = reasons.findIndex((reason) => !Object.hasOwn(allowed, reason));
    if (index >= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["reasons", index],
        message: `'${reasons[index]}' is not a reason for a ${input.rating} rating. Use: ${Object.keys(allowed).join(", ")}.`,
      });
    }
  });

export type ApiFeedback = {
  object: "feedback";
  completion_id: string;
  rating: "good" | "bad" | null;
  reasons: string[];
  comment: string | null;
};

/**
 * A domain error in the API's terms: the field names of lib/feedback become the request's, and a
 * conflict (the answer is still being written) names `idParam`. Validation errors should not reach
 * here (the request schema checks first), but if one does it still names a field the caller sent.
 */
function inApiTerms(error: unknown, params: Record<string, string>, idParam: string | null): unknown {
  if (!(error instanceof AppError) || error instanceof ApiError) return error;
  if (error.code === "VALIDATION") {
    const field = Object.keys(error.fieldErrors ?? {})[0]?.split(".")[0];
    return new ApiError(error.code, error.message, (field && params[field]) ?? null);
  }
  if (error.code === "CONFLICT") return new ApiError(error.code, error.message, idParam);
  // Rate limits (retry-after kept), a disabled account: as they are.
  return error;
}

/**
 * Sets, replaces or (rating null) removes the caller's feedback on one of their answers. Each request
 * states the whole feedback: reasons and comment left out are cleared, so repeating a request changes
 * nothing more. Another user's answer is "not found", as an unknown one.
 */
export async function rateCompletion(actor: Actor, raw: unknown): Promise<ApiFeedback> {
  const input = parseApiInput(feedbackRequest, raw);
  const messageId = messageIdOf(input.completion_id);
  const notFoundError = () => completionNotFound(input.completion_id, "completion_id");
  if (!messageId) throw notFoundError();
  const params = { messageId: "completion_id", rating: "rating", reasons: "reasons", comment: "comment" };
  try {
    if (input.rating === null) {
      // The chat's thumb taken back: the row goes, with its reasons and comment.
      await rateMessage(actor, { messageId, rating: null });
      return {
        object: "feedback",
        completion_id: completionId(messageId),
        rating: null,
        reasons: [],
        comment: null,
      };
    }
    // The chat's feedback panel: rating, reasons and comment saved together (one rate-limited write).
    const saved = await submitFeedback(actor, {
      messageId,
      rating: input.rating === "good" ? "up" : "down",
      reasons: input.reasons ?? [],
      comment: input.comment ?? "",
    });
    return {
      object: "feedback",
      completion_id: completionId(messageId),
      rating: saved.rating === "up" ? "good" : "bad",
      reasons: saved.reasons,
      comment: saved.comment || null,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw notFoundError();
    throw inApiTerms(error, params, "completion_id");
  }
}

export const comparisonRequest = z
  .strictObject({ preferred_id: idField("preferred_id"), rejected_id: idField("rejected_id") })
  .superRefine((input, ctx) => {
    const preferred = messageIdOf(input.preferred_id);
    if (preferred && preferred === messageIdOf(input.rejected_id)) {
      ctx.addIssue({ code: "custom", path: ["rejected_id"], message: "Compare two different completions." });
    }
  });

export type ApiComparison = { object: "comparison"; preferred_id: string; rejected_id: string };

/**
 * Why compareAnswers found no pair, field by field: an answer that is not the caller's (or does not
 * exist) is 404 on its own id; two of the caller's answers to different questions are a 400, since
 * a preference only means something between answers to the same message (regenerations).
 */
async function whyNoPair(
  actor: Actor,
  input: { preferred_id: string; rejected_id: string },
  ids: { preferred: string; rejected: string },
): Promise<ApiError> {
  // Never without a user: an undefined id would drop the ownership filter from the query.
  if (!actor) return completionNotFound(input.preferred_id, "preferred_id");
  const found = await db().message.findMany({
    where: {
      id: { in: [ids.preferred, ids.rejected] },
      role: "assistant",
      conversation: { userId: actor.userId, deletedAt: null },
    },
    select: { id: true, parentId: true },
  });
  const preferred = found.find((m) => m.id === ids.preferred);
  const rejected = found.find((m) => m.id === ids.rejected);
  if (!preferred) return completionNotFound(input.preferred_id, "preferred_id");
  if (!rejected) return completionNotFound(input.rejected_id, "rejected_id");
  return new ApiError(
    "VALIDATION",
    "preferred_id and rejected_id must be answers to the same message (one a regeneration of the other).",
    "rejected_id",
  );
}

/**
 * Records that the caller prefers one of their answers to a sibling: two answers to the same message,
 * as the chat's "Is this response better or worse?" compares them. Stored as the chat's explicit
 * choice, which ratings never overwrite; repeating it (or reversing it) updates the one pair.
 */
export async function compareCompletions(actor: Actor, raw: unknown): Promise<ApiComparison> {
  const input = parseApiInput(comparisonRequest, raw);
  const preferred = messageIdOf(input.preferred_id);
  const rejected = messageIdOf(input.rejected_id);
  if (!preferred) throw completionNotFound(input.preferred_id, "preferred_id");
  if (!rejected) throw completionNotFound(input.rejected_id, "rejected_id");
  try {
    await compareAnswers(actor, { answerId: preferred, otherId: rejected, verdict: "better" });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") {
      throw await whyNoPair(actor, input, { preferred, rejected });
    }
    throw inApiTerms(error, { answerId: "preferred_id", otherId: "rejected_id" }, null);
  }
  return { object: "comparison", preferred_id: completionId(preferred), rejected_id: completionId(rejected) };
}
