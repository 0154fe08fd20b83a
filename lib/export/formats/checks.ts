// Small building blocks for the format validators. Each check returns the first rule a value breaks
// (a stable reason code plus a detail naming the place), or null when it passes.
import type { DropReason, Validation } from "../types";

export type Fail = Extract<Validation, { ok: false }>;
export const PASS: Validation = { ok: true };

export function fail(reason: DropReason, detail: string): Fail {
  return { ok: false, reason, detail };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isBlank(text: string): boolean {
  return text.trim() === "";
}

/** Required keys present, and no key outside required ∪ optional. */
export function checkKeys(
  value: Record<string, unknown>,
  where: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Fail | null {
  for (const key of required) {
    if (!(key in value) || value[key] === undefined) return fail("missing_key", `${where}.${key} is missing`);
  }
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) {
      return fail("unknown_key", `${where} has a key "${key}" the consumer does not accept`);
    }
  }
  return null;
}

/** A non-blank string; blank assistant text is an empty answer, any other blank text an empty message. */
export function checkText(value: unknown, where: string, role: string): Fail | null {
  if (typeof value !== "string") return fail("wrong_type", `${where} must be a string`);
  if (isBlank(value)) {
    return role === "assistant"
      ? fail("empty_answer", `${where} is empty`)
      : fail("empty_message", `${where} is empty`);
  }
  return null;
}

function quoted(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * A list of `{role, content}` messages as TRL's conversational datasets take them: non-empty, only
 * `role` and `content`, roles system/user/assistant, a system message only first, then user and
 * assistant alternating from a user turn (chat templates such as Llama's, Mistral's and Gemma's refuse
 * anything else) and, for a prompt, ending with the user turn the completion answers.
 */
export function checkTrlPrompt(value: unknown, where: string): Fail | null {
  if (!Array.isArray(value)) return fail("wrong_type", `${where} must be an array of messages`);
  if (value.length === 0) return fail("missing_key", `${where} has no messages`);
  let turn = 0;
  for (const [index, message] of value.entries()) {
    const at = `${where}[${index}]`;
    if (!isObject(message)) return fail("wrong_type", `${at} must be an object`);
    const keys = checkKeys(message, at, ["role", "content"]);
    if (keys) return keys;
    const role = message.role;
    if (role !== "system" && role !== "user" && role !== "assistant") {
      return fail("invalid_role", `${at}.role = ${quoted(role)}`);
    }
    const text = checkText(message.content, `${at}.content`, role);
    if (text) return text;
    if (role === "system") {
      if (index !== 0) return fail("system_not_first", `${at} is a system message after the first position`);
      continue;
    }
    const expected = turn % 2 === 0 ? "user" : "assistant";
    if (role !== expected) return fail("not_alternating", `${at}.role is "${role}", expected "${expected}"`);
    turn += 1;
  }
  const last = value[value.length - 1] as Record<string, unknown>;
  if (last.role !== "user") {
    return fail("prompt_not_ending_with_user", `${where} must end with the user turn being answered`);
  }
  return null;
}

/** Exactly one `{role: "assistant", content}` message with non-blank text. */
export function checkSingleAssistant(
  value: unknown,
  where: string,
  optional: readonly string[] = [],
): Fail | null {
  if (!Array.isArray(value))
    return fail("wrong_type", `${where} must be an array with one assistant message`);
  if (value.length !== 1) {
    return fail("not_single_assistant_output", `${where} has ${value.length} messages, expected exactly 1`);
  }
  const message: unknown = value[0];
  const at = `${where}[0]`;
  if (!isObject(message)) return fail("wrong_type", `${at} must be an object`);
  const keys = checkKeys(message, at, ["role", "content"], optional);
  if (keys) return keys;
  if (message.role !== "assistant") {
    return fail("not_single_assistant_output", `${at}.role = ${quoted(message.role)}, expected "assistant"`);
  }
  return checkText(message.content, `${at}.content`, "assistant");
}

/** The text of a single-message output array checked by `checkSingleAssistant`. */
export function singleText(value: unknown): string {
  const message = (value as { content: string }[])[0];
  return message?.content ?? "";
}
