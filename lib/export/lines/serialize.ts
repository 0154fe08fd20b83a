// Deterministic JSON Lines. A row's keys are written in the order its builder constructed them (fixed
// per format), so the same row is always the same bytes; JSON values that come from storage
// (generation parameters) are written with sorted keys, so they do not depend on how the database
// happened to return them. JSON.stringify escapes line breaks inside strings and lone surrogates, so
// a line is one line of valid UTF-8.
//
// No replacer: a replacer function is called for every value of every row and made serialising the
// costliest step of an export. It is not needed either: every row is validated before it is written,
// and the validators accept only JSON types in every field (strings, booleans, null, finite numbers,
// arrays and plain objects — `isJsonValue` for stored JSON), so nothing reaches this point that JSON
// would write differently (NaN, functions) — and a bigint still throws here.
//
// Lines repeat themselves: every line of a conversation carries the branch up to its answer, so the same
// turns are written again and again (a raw line is ~13 KB, mostly history). `jsonLine` writes a row member by
// member, exactly as JSON.stringify does, but takes the JSON of a frozen object inside a top-level array from
// a memo: the builders share one frozen object per turn (lib/export/items/branch-histories.ts), so each turn
// is serialised once per conversation, not once per line. The same split gives the line's fingerprint for
// deduplication (lib/export/lines/dedupe.ts) without hashing every byte of it.
import { hash } from "node:crypto";
import type { JsonValue } from "../types";

/** One JSON object and its `\n`, the bytes `jsonLine(row).text` holds. */
export function toJsonLine(row: object): string {
  return `${JSON.stringify(row)}\n`;
}

/**
 * A written line: `text` is `toJsonLine(row)`; `skeleton` is the same text with the JSON of each
 * object inside a top-level array replaced by NUL and the SHA-256 of that JSON. JSON text never holds
 * a raw NUL, so the skeleton and the element digests determine the text: equal texts have equal
 * skeletons, and different texts have different skeletons unless SHA-256 collides. The skeleton
 * depends only on the line (the structure JSON.parse gives back), never on which objects were memoised.
 */
export type JsonLine = { text: string; skeleton: string };

type Fragment = { json: string; digest: string };
const memo = new WeakMap<object, Fragment>();

function fragment(element: object): Fragment {
  const known = memo.get(element);
  if (known) return known;
  const json = JSON.stringify(element);
  const made = { json, digest: `\u0000${hash("sha256", json, "base64")}` };
  // Only an object that can no longer change may be remembered by identity: frozen, and nothing
  // inside it that could change (freezing is shallow).
  if (
    Object.isFrozen(element) &&
    Object.values(element).every((field) => typeof field !== "object" || field === null)
  ) {
    memo.set(element, made);
  }
  return made;
}

export function jsonLine(row: object): JsonLine {
  let text = "{";
  let skeleton = "{";
  for (const key of Object.keys(row)) {
    const value = (row as Record<string, unknown>)[key];
    let json: string | undefined;
    let sketch: string;
    if (Array.isArray(value)) {
      json = "[";
      sketch = "[";
      for (let index = 0; index < value.length; index++) {
        const element: unknown = value[index];
        const separator = index === 0 ? "" : ",";
        if (typeof element === "object" && element !== null && !Array.isArray(element)) {
          const part = fragment(element);
          json += separator + part.json;
          sketch += separator + part.digest;
        } else {
          // As JSON.stringify writes array elements: undefined, functions and symbols as null.
          const part = JSON.stringify(element) ?? "null";
          json += separator + part;
          sketch += separator + part;
        }
      }
      json += "]";
      sketch += "]";
    } else {
      json = JSON.stringify(value);
      // As JSON.stringify skips members: undefined, functions and symbols.
      if (json === undefined) continue;
      sketch = json;
    }
    const member = `${text.length === 1 ? "" : ","}${JSON.stringify(key)}:`;
    text += member + json;
    skeleton += member + sketch;
  }
  return { text: `${text}}\n`, skeleton: `${skeleton}}\n` };
}

/** The same JSON value with every object's keys sorted (code-unit order, locale-independent). */
export function sortKeysDeep(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const sorted: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key]!);
    return sorted;
  }
  return value;
}

/**
 * A JSON value as `JSON.parse` could return it: null, a boolean, a finite number, a string, or arrays
 * and plain objects of these. What the validators require of stored JSON (generation parameters).
 */
export function isJsonValue(value: unknown): value is JsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object": {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every(isJsonValue);
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key in value) if (!isJsonValue((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}
