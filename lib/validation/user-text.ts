// Text people type (messages, titles, prompts, comments, searches, names) ends up in PostgreSQL, which
// refuses NUL in text and JSON and refuses a lone UTF-16 surrogate in JSON: without this check such
// input reached the database and came back as a 500. Shared by the browser and the server.
import { z } from "zod";

export const USER_TEXT_MESSAGE = "Remove the invalid characters (NUL or broken Unicode) from this text.";

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text can be stored and shown as it is: no NUL and no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/** A string of user-written text: refused with a field message when it holds NUL or a lone surrogate. */
export function userText(params?: Parameters<typeof z.string>[0]): z.ZodString {
  return z.string(params).refine(isStorableText, USER_TEXT_MESSAGE);
}
