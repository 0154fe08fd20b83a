// The train/validation split, by conversation: a keyed hash of the conversation id, read as a number in
// [0, 1), is compared with the validation ratio. Every line of a conversation (all its branches,
// ratings and comparisons) therefore lands in the same file, the assignment does not depend on the
// order or the number of rows, and another seed gives another, equally deterministic split.
import { createHmac } from "node:crypto";

export type Split = "train" | "validation";
export type SplitOptions = { seed: string; validationRatio: number };

/** The conversation's position in [0, 1) under this seed (48 bits of HMAC-SHA256). */
export function splitPoint(conversationId: string, seed: string): number {
  const digest = createHmac("sha256", seed).update(conversationId, "utf8").digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function assertSplitOptions(options: SplitOptions): void {
  const { validationRatio } = options;
  if (!(validationRatio >= 0 && validationRatio <= 1)) {
    throw new RangeError(`The validation ratio must be between 0 and 1 (got ${validationRatio}).`);
  }
}

/** Which file a conversation's lines go to. Without options, everything is training data. */
export function splitFor(conversationId: string, options: SplitOptions | null | undefined): Split {
  if (!options || options.validationRatio <= 0) return "train";
  return splitPoint(conversationId, options.seed) < options.validationRatio ? "validation" : "train";
}
