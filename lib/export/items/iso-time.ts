// Times in export items: ISO 8601 UTC strings, ordered without a locale.
import type { Time } from "./snapshot";

/** What Date#toISOString writes, and what the database side reads (lib/export/source/export-sql.ts). */
const CANONICAL = /^(\d{4})-(\d\d)-(\d\d)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The time as ISO 8601 UTC. A string already in that form (as the database side reads every time)
 * is returned as it is — parsing and formatting it again gives the same string and was a noticeable
 * share of an export; a date that does not exist (February 30) still goes through Date, as before.
 */
export function iso(time: Time): string {
  const match = typeof time === "string" ? CANONICAL.exec(time) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const days = month === 2 && leap ? 29 : DAYS[month - 1];
    if (days !== undefined && day >= 1 && day <= days) return time as string;
  }
  return new Date(time).toISOString();
}

/** Locale-independent order of ISO timestamps, then ids. */
export const byTimeThenId = (a: { at: string; id: string }, b: { at: string; id: string }) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
