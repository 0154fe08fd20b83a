// PostgreSQL stores no NUL character (in text or jsonb) and jsonb refuses an escaped lone surrogate,
// both of which a model may send; an answer containing either would fail to save. Applied to the whole
// text when it is saved, never to single deltas: a surrogate pair may arrive split across two of them.
const NUL = /\0/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without NUL characters, each lone surrogate replaced by U+FFFD (as a UTF-8 encoder does). */
export function cleanModelText(text: string): string {
  return text.replace(NUL, "").replace(LONE_SURROGATE, "\uFFFD");
}
