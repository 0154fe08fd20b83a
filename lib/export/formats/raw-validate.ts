// The validator of a raw line, written out by hand: it runs once per line, and a schema library's
// generic walk (issue objects, paths, messages) cost as much as building the line. The rules are the
// documented fields (docs/export-formats.md, "raw"): exactly these keys (strict objects: a field that
// is not documented is a bug, not a feature), with these types; ids non-empty strings; counts
// non-negative integers or null; timestamps ISO 8601 UTC (`…T…Z`, a real calendar date); the model's
// parameters any JSON value; `user` a pseudonymous hex key; a comparison's preferred answer one of
// its two answers or null. The first rule broken is reported with the path of the field; the path is
// put together only then, on the way out, so a valid line allocates nothing.
import { fail, isObject, PASS } from "./checks";
import { isJsonValue } from "../lines/serialize";
import type { DropReason, Validation } from "../types";

type Problem = { reason: DropReason; path: (string | number)[]; message: string };
type Check = (value: unknown) => Problem | null;

/** A keyed hash from lib/export/source/pseudonym.ts: lowercase hex. Never an email, never a raw UUID. */
const PSEUDONYM = /^[0-9a-f]{16,64}$/;
/** ISO 8601 in UTC with a `Z`, seconds and optional fractions, as Date#toISOString and the SQL write. */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?Z$/;

const problem = (reason: DropReason, message: string): Problem => ({ reason, path: [], message });
const wrong = (expected: string) => problem("wrong_type", `must be ${expected}`);

const string: Check = (value) => (typeof value === "string" ? null : wrong("a string"));
const id: Check = (value) => (typeof value === "string" && value !== "" ? null : wrong("a non-empty string"));
const boolean: Check = (value) => (typeof value === "boolean" ? null : wrong("a boolean"));
const count: Check = (value) =>
  value === null || (Number.isSafeInteger(value) && (value as number) >= 0)
    ? null
    : wrong("a non-negative integer or null");
const json: Check = (value) => (isJsonValue(value) ? null : wrong("a JSON value"));

const time: Check = (value) => {
  const match = typeof value === "string" ? ISO_UTC.exec(value) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month >= 1 && month <= 12 && day >= 1 && day <= days) return null;
  }
  return wrong("an ISO 8601 UTC timestamp");
};

const nullable =
  (check: Check): Check =>
  (value) =>
    value === null ? null : check(value);

const oneOf =
  (values: readonly string[], reason: "wrong_type" | "invalid_role" = "wrong_type"): Check =>
  (value) =>
    typeof value === "string" && values.includes(value)
      ? null
      : problem(reason, `= ${JSON.stringify(value)}, expected one of ${values.join(", ")}`);

/** `found` with `step` put in front of its path. */
function at(step: string | number, found: Problem): Problem {
  found.path.unshift(step);
  return found;
}

/** An object with exactly these keys, each passing its check (in the documented order). */
function object(shape: Record<string, Check>): Check {
  const keys = Object.keys(shape);
  return (value) => {
    if (!isObject(value)) return wrong("an object");
    for (const key of keys) {
      const field = value[key];
      if (field === undefined) return at(key, problem("missing_key", "is missing"));
      const found = shape[key]!(field);
      if (found) return at(key, found);
    }
    for (const key in value) {
      if (!Object.hasOwn(shape, key)) return problem("unknown_key", `has a key "${key}" not in raw`);
    }
    return null;
  };
}

const list =
  (check: Check): Check =>
  (value) => {
    if (!Array.isArray(value)) return wrong("an array");
    for (let index = 0; index < value.length; index++) {
      if (value[index] === undefined) return at(index, problem("missing_key", "is missing"));
      const found = check(value[index]);
      if (found) return at(index, found);
    }
    return null;
  };

const turnShape = object({
  role: oneOf(["system", "user", "assistant"], "invalid_role"),
  content: string,
  messageId: nullable(id),
  ratedUp: nullable(boolean),
});
// A frozen turn is shared by every line of its conversation (formats/raw.ts) and cannot change: once
// it passed, it passes. Every line is still checked; its shared turns are not re-read each time.
const validTurns = new WeakSet<object>();
const turn: Check = (value) => {
  if (typeof value === "object" && value !== null && validTurns.has(value)) return null;
  const found = turnShape(value);
  if (!found && Object.isFrozen(value)) validTurns.add(value as object);
  return found;
};
const history = list(turn);

const production = {
  model: object({ id: nullable(string), provider: nullable(string), params: json }),
  usage: object({ inputTokens: count, outputTokens: count }),
  timings: object({ timeToFirstTokenMs: count, durationMs: count }),
  finishReason: nullable(string),
  status: oneOf(["complete", "streaming", "stopped", "error"]),
};

const ratingLine = object({
  type: oneOf(["rating"]),
  conversationId: id,
  messageId: id,
  feedbackId: id,
  user: string,
  history,
  answer: string,
  rating: oneOf(["up", "down"]),
  reasons: list(string),
  comment: string,
  review: object({ status: oneOf(["pending", "reviewed"]), note: string, reviewedAt: nullable(time) }),
  correction: nullable(object({ id, text: string, createdAt: time })),
  ...production,
  timestamps: object({ answeredAt: time, ratedAt: time, ratingUpdatedAt: time }),
});

const answer = object({
  messageId: id,
  content: string,
  rating: nullable(oneOf(["up", "down"])),
  ...production,
  answeredAt: time,
});
const answerPair: Check = (value) => {
  if (!Array.isArray(value) || value.length !== 2) return wrong("an array of exactly two answers");
  for (const index of [0, 1]) {
    const found = answer(value[index]);
    if (found) return at(index, found);
  }
  return null;
};

const comparisonLine = object({
  type: oneOf(["comparison"]),
  conversationId: id,
  comparisonId: id,
  user: string,
  promptId: id,
  history,
  answers: answerPair,
  preferredMessageId: nullable(id),
  bothBad: boolean,
  source: oneOf(["explicit", "ratings", "arena"]),
  timestamps: object({ comparedAt: time, updatedAt: time }),
});

export function validateRaw(row: unknown): Validation {
  if (!isObject(row)) return fail("not_an_object", "the line is not a JSON object");
  const check = row.type === "rating" ? ratingLine : row.type === "comparison" ? comparisonLine : null;
  if (!check)
    return fail("wrong_type", `type = ${JSON.stringify(row.type)}, expected "rating" or "comparison"`);
  const found = check(row);
  if (found) return fail(found.reason, `${["line", ...found.path].join(".")} ${found.message}`);
  if (!PSEUDONYM.test(row.user as string)) {
    return fail("user_not_pseudonymous", "user must be a pseudonymous key (hex), never an email or a raw id");
  }
  if (row.type === "comparison") {
    const answers = row.answers as { messageId: string }[];
    const preferred = row.preferredMessageId;
    if (preferred !== null && answers[0]!.messageId !== preferred && answers[1]!.messageId !== preferred) {
      return fail("wrong_type", "preferredMessageId is not one of the two answers");
    }
  }
  return PASS;
}
