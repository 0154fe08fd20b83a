// Feedback inputs, shared by the browser (components/feedback) and the server (lib/feedback).
import { z } from "zod";
import { userText } from "../validation/user-text";
import { BAD_REASONS, COMMENT_MAX_CHARS, GOOD_REASONS } from "./reasons";

const messageId = z.uuid("Unknown message.");

/** Sets the caller's rating of an answer: the desired state, not a toggle, so a repeat is harmless. */
export const rateMessageInput = z.object({
  messageId,
  rating: z.enum(["up", "down"]).nullable(),
});

const reasonKeys = [...new Set([...Object.keys(BAD_REASONS), ...Object.keys(GOOD_REASONS)])] as [
  string,
  ...string[],
];

/** Reasons and comment for an existing rating; the reasons must belong to that rating's set. */
export const submitFeedbackInput = z
  .object({
    messageId,
    rating: z.enum(["up", "down"]),
    reasons: z
      .array(z.enum(reasonKeys, "Unknown reason."))
      .max(reasonKeys.length)
      .transform((keys) => [...new Set(keys)]),
    comment: userText()
      .max(COMMENT_MAX_CHARS, `Comments are at most ${COMMENT_MAX_CHARS.toLocaleString("en")} characters.`)
      .transform((text) => text.trim()),
  })
  .refine(
    (input) => input.reasons.every((key) => key in (input.rating === "up" ? GOOD_REASONS : BAD_REASONS)),
    { message: "That reason does not go with this rating.", path: ["reasons"] },
  );

/** "Is this response better or worse?" about `answerId`, compared with `otherId` (its sibling). */
export const compareAnswersInput = z
  .object({
    answerId: messageId,
    otherId: messageId,
    verdict: z.enum(["better", "worse", "same"]),
  })
  .refine((input) => input.answerId !== input.otherId, "Compare two different answers.");

export const INTERACTION_TYPES = [
  "copy",
  "copy_code",
  "regenerate",
  "edit",
  "stop",
  "retry",
  "switch_branch",
  "feedback_open",
  "feedback_dismiss",
] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/**
 * A batch of interaction signals. Ids and small flags only: the payload accepts no free text, so no
 * message content can travel through it.
 */
export const recordEventsInput = z.object({
  events: z
    .array(
      z.object({
        type: z.enum(INTERACTION_TYPES),
        conversationId: z.uuid(),
        messageId: z.uuid().nullable().default(null),
        payload: z
          .record(z.string().max(40), z.union([z.number().finite(), z.boolean(), z.uuid()]))
          .refine((record) => Object.keys(record).length <= 8, "Too many payload fields.")
          .default({}),
        at: z.iso.datetime().optional(),
      }),
    )
    .min(1)
    .max(50, "At most 50 events per batch."),
});
export type InteractionEventInput = z.input<typeof recordEventsInput>["events"][number];
