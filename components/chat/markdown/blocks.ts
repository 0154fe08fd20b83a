// Splits markdown into its top-level blocks (paragraphs, lists, tables, code blocks, …) so that each
// block can be rendered and memoised on its own: while an answer streams, only the last block changes.
import { remarkGfmParse } from "./gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

const parser = unified().use(remarkParse).use(remarkGfmParse);

// Link reference definitions (`[x]: https://…`) and footnotes (`[^1]: …`) connect blocks to each other;
// a document that may contain one is rendered whole rather than split.
const DEFINITION = /\[[^\]\n]+\]:/;

type Split = { text: string; blocks: string[]; starts: number[] };

/**
 * Splits `text` into top-level blocks, each the exact source of one block (from the start of its first
 * line). Rendering the blocks one after another gives the same result as rendering the whole text.
 */
export type BlockSplitter = (text: string) => string[];

/**
 * A splitter with a small cache of its recent results. With `incremental`, a text that extends one it
 * has seen (a streaming answer) is parsed again only from near its end: markdown blocks, once followed
 * by another block, are closed, so appending text changes the last block and at most merges it into
 * the one before (`1. a` + blank line + `2` becomes one list when `. b` arrives). Everything before
 * the last two blocks is kept and the text is re-parsed from the start of the second-to-last block.
 * (micromark reads a few degenerate inputs, such as a lone `-` right after indented code, differently
 * depending on what came before; the settled splitter then re-splits the finished answer exactly.)
 */
export function createBlockSplitter({ incremental = true, cacheSize = 16 } = {}): BlockSplitter {
  const cache = new Map<string, Split>();
  return (text) => {
    if (DEFINITION.test(text)) return text.trim() ? [text] : [];
    const hit = cache.get(text);
    if (hit) return hit.blocks;
    let base: Split | undefined;
    if (incremental) {
      for (const entry of cache.values()) {
        if (entry.text.length < text.length && text.startsWith(entry.text)) {
          if (!base || entry.text.length > base.text.length) base = entry;
        }
      }
    }
    const keep = base ? Math.max(0, base.blocks.length - 2) : 0;
    let split: Split;
    try {
      split = parse(
        text,
        base?.starts[keep] ?? 0,
        base?.blocks.slice(0, keep) ?? [],
        base?.starts.slice(0, keep) ?? [],
      );
    } catch {
      // The parser's development build asserts on a few odd inputs; render such a text whole.
      return [text];
    }
    cache.set(text, split);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return split.blocks;
  };
}

function parse(text: string, from: number, blocks: string[], starts: number[]): Split {
  const source = text.slice(from);
  const tree = parser.parse(source);
  for (const node of tree.children) {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) continue;
    const lineStart = source.lastIndexOf("\n", start - 1) + 1;
    blocks.push(source.slice(lineStart, end));
    starts.push(from + lineStart);
  }
  return { text, blocks, starts };
}

/** For a text that is still growing: re-parses only its end. */
export const splitStreaming: BlockSplitter = createBlockSplitter({ incremental: true });
/** For a finished text: always a full parse (cached by text). */
export const splitSettled: BlockSplitter = createBlockSplitter({ incremental: false });

const FENCE = /(`{3,}|~{3,})/;

/**
 * Whether the fenced code whose source is `raw` (opening fence to end of node) is still open: its
 * closing fence has not arrived yet. Indented code is never "open".
 */
export function fenceIsOpen(raw: string): boolean {
  const lines = raw.replace(/\s+$/, "").split("\n");
  const marker = FENCE.exec(lines[0] ?? "")?.[1];
  if (!marker) return false;
  if (lines.length < 2) return true;
  // The closing fence may sit inside a list item or blockquote: drop that indentation and `>`.
  const last = (lines[lines.length - 1] ?? "").replace(/^[\s>]*/, "");
  const closes = last.length >= marker.length && [...last].every((char) => char === marker[0]);
  return !closes;
}
