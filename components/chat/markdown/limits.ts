// Bounds on the work markdown formatting may cost. micromark resolves emphasis, strikethrough, code
// spans and link brackets by searching and splicing its event list once per delimiter, so a single
// paragraph of `*a*a*a…` costs time quadratic in its delimiters (32 KB: several seconds), and deep
// list or blockquote nesting costs time that grows faster than the text (a 9 MB nested list: hours).
// A text past these limits is shown as plain text with a notice instead. The check is one linear
// pass over the text, so it costs about as much as reading it.

/** Past this many characters an answer is shown as plain text. Real answers stay far below it. */
export const MAX_FORMATTED_CHARS = 100_000;

/** Container levels (blockquotes and list items, counted at the start of each line) that may nest. */
export const MAX_NESTING = 10;

/**
 * Delimiter characters (`*`, `_`, `~`, `` ` ``, `[`, `]`) one paragraph may hold. Prose uses a few
 * per sentence; a paragraph past this is built to be slow (its cost grows with the square of them).
 */
export const MAX_PARAGRAPH_DELIMITERS = 400;

export type FormatLimit = "size" | "nesting" | "complexity";

export const LIMIT_NOTICE: Record<FormatLimit, string> = {
  size: "Shown as plain text: too long to format.",
  nesting: "Shown as plain text: nested too deeply to format.",
  complexity: "Shown as plain text: too complex to format.",
};

const SPACE = 0x20;
const TAB = 0x09;
const NEWLINE = 0x0a;
const QUOTE = 0x3e; // >
const DELIMITERS = new Set([0x2a, 0x5f, 0x7e, 0x60, 0x5b, 0x5d]); // * _ ~ ` [ ]
const FENCE = /^(`{3,}|~{3,})/;

/** Which limit `text` passes, or null when it may be formatted. Linear in the text's length. */
export function formatLimit(text: string): FormatLimit | null {
  if (text.length > MAX_FORMATTED_CHARS) return "size";
  // The open fence, and the width of the container prefix it opened after (a fence in a list item
  // or blockquote ends with it: a line that reaches less far is outside it again).
  let fence: { marker: string; width: number } | null = null;
  let delimiters = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const prefix = readPrefix(text, lineStart, lineEnd);
    const blank = prefix.end === lineEnd;
    if (fence && !blank && prefix.end - lineStart < fence.width) fence = null;
    if (!fence && prefix.depth > MAX_NESTING) return "nesting";
    const rest = text.slice(prefix.end, Math.min(lineEnd, prefix.end + 64));
    const marker = FENCE.exec(rest)?.[1];
    if (fence) {
      // Code is not parsed for emphasis or links: its delimiters cost nothing.
      const closes =
        marker !== undefined &&
        marker[0] === fence.marker[0] &&
        marker.length >= fence.marker.length &&
        !rest.slice(marker.length).trim();
      if (closes) fence = null;
    } else if (marker) {
      fence = { marker, width: prefix.end - lineStart };
      delimiters = 0;
    } else if (blank || prefix.blockStart) {
      // A blank line, a list item or a heading starts a new paragraph.
      delimiters = 0;
    }
    if (!fence) {
      for (let index = prefix.end; index < lineEnd; index++) {
        if (DELIMITERS.has(text.charCodeAt(index)) && ++delimiters > MAX_PARAGRAPH_DELIMITERS)
          return "complexity";
      }
    }
    lineStart = lineEnd + 1;
  }
  return null;
}

/**
 * The container prefix of one line: `>` markers, list markers (`-`, `+`, `*`, `1.`, `1)`, each
 * followed by a space) and their indentation. Each marker is a level; a list item's indentation
 * counts a level per two columns, since that is how sub-lists are usually nested. Text that only
 * continues a container (its indentation, no marker) counts its `>` markers alone, so indented code
 * and wrapped lines are never taken for nesting.
 */
function readPrefix(
  text: string,
  start: number,
  end: number,
): { depth: number; end: number; blockStart: boolean } {
  let markers = 0;
  let columns = 0;
  let index = start;
  let listItem = false;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (code === SPACE || code === TAB) {
      columns += code === TAB ? 4 : 1;
      index++;
    } else if (code === QUOTE) {
      markers++;
      index++;
    } else {
      const length = listMarkerLength(text, index, end);
      if (length === 0) break;
      markers++;
      listItem = true;
      index += length;
    }
    if (markers > MAX_NESTING) break;
  }
  const heading = text.charCodeAt(index) === 0x23; // #
  return {
    depth: markers + (listItem ? Math.floor(columns / 2) : 0),
    end: index,
    blockStart: listItem || heading,
  };
}

/** The length of a list marker and its space at `index` (`- `, `12. `), or 0 when there is none. */
function listMarkerLength(text: string, index: number, end: number): number {
  const code = text.charCodeAt(index);
  const next = index + 1 < end ? text.charCodeAt(index + 1) : NEWLINE;
  if ((code === 0x2d || code === 0x2b || code === 0x2a) && (next === SPACE || next === TAB)) return 2;
  let digits = index;
  while (
    digits < end &&
    digits - index < 9 &&
    text.charCodeAt(digits) >= 0x30 &&
    text.charCodeAt(digits) <= 0x39
  )
    digits++;
  if (digits === index) return 0;
  const close = text.charCodeAt(digits);
  const after = digits + 1 < end ? text.charCodeAt(digits + 1) : NEWLINE;
  return (close === 0x2e || close === 0x29) && (after === SPACE || after === TAB) ? digits - index + 2 : 0;
}
