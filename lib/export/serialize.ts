// Deterministic JSON Lines. A row's keys are written in the order its builder constructed them (fixed
// per format), so the same row is always the same bytes; JSON values that come from storage
// (generation parameters) are written with sorted keys, so they do not depend on how the database
// happened to return them. JSON.stringify escapes line breaks inside strings and lone surrogates, so
// a line is one line of valid UTF-8.
import type { JsonValue } from "./types";

/** One JSON object and its `\n`. Throws on values JSON cannot represent (a bug in a builder). */
export function toJsonLine(row: object): string {
  const text = JSON.stringify(row, (_key, value: unknown) => {
    if (typeof value === "number" && !Number.isFinite(value))
      throw new TypeError("Not a finite number in a row.");
    if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol") {
      throw new TypeError(`A ${typeof value} cannot be written as JSON.`);
    }
    return value;
  });
  return `${text}\n`;
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
