import "server-only";
import { generateText, type LanguageModel } from "ai";
import { cleanModelText } from "./clean-model-text";

const MAX_TITLE = 60;
const FALLBACK = "New chat";
// A title is a nicety: a slow provider must not hold up the end of the first answer for long.
const TITLE_TIMEOUT_MS = 15_000;
// A title comes from the start of a message, and some of the markdown expressions below take time
// quadratic in the length of a line (a 32,000-character line of "[" took 1.7 s, on the hot path of
// a new chat). Only this much of the text is looked at.
const SCANNED_CHARS = 1_000;

/** Cuts to at most 60 characters at a word boundary, marking the cut with "…". */
function shorten(text: string): string {
  if (text.length <= MAX_TITLE) return text;
  const cut = text.slice(0, MAX_TITLE - 1);
  const space = cut.lastIndexOf(" ");
  // One very long word (a URL, a path) is cut where it is rather than dropped.
  const head = space >= MAX_TITLE / 3 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.\-–—]+$/, "")}…`;
}

function stripMarkdown(text: string): string {
  let plain = text
    .replace(/(```|~~~)[\s\S]*?(\1|$)/g, "\n") // fenced code, closed or not
    .replace(/`([^`\n]*)`/g, "$1")
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, "$1") // images and links keep their text
    .replace(/<\/?[a-z][^>\n]*>/gi, " ");
  // Line-start markers, twice for nested ones such as "> - item".
  for (let i = 0; i < 2; i++)
    plain = plain.replace(/^[ \t]*(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)/gm, "");
  return (
    plain
      .replace(/(\*\*|~~|\*)(?=\S)([^\n]*?\S)\1/g, "$2")
      // Underscores inside a word (snake_case) are not emphasis.
      .replace(/(?<![\p{L}\p{N}])(__|_)(?=\S)([^\n]*?\S)\1(?![\p{L}\p{N}])/gu, "$2")
  );
}

/** The first line with a letter or digit in it: rules ("---", "***") and blank lines are skipped. */
function firstTextLine(text: string): string {
  return (
    text
      .split("\n")
      .map((line) => line.replace(/\s+/g, " ").trim())
      .find((line) => /[\p{L}\p{N}]/u.test(line)) ?? ""
  );
}

/** A title from a message: its first line or sentence, markdown and code removed, ≤ 60 characters. */
export function titleFromMessage(text: string): string {
  const firstLine = firstTextLine(stripMarkdown(text.slice(0, SCANNED_CHARS)));
  const sentence = /^(.+?[.!?])(\s|$)/.exec(firstLine)?.[1] ?? firstLine;
  // A title keeps a question mark but not a full stop or a dangling colon.
  const title = sentence.replace(/[.,;:]+$/, "").trim();
  return title ? shorten(title) : FALLBACK;
}

/** Cleans a model's proposed title: one line, no quotes or labels, ≤ 60 characters; null if empty. */
export function sanitizeTitle(raw: string): string | null {
  const withoutThinking = cleanModelText(raw.slice(0, SCANNED_CHARS)).replace(
    /<think>[\s\S]*?(<\/think>|$)/gi,
    "",
  );
  const line = firstTextLine(stripMarkdown(withoutThinking));
  const clean = line
    .replace(/^title\s*:\s*/i, "")
    .replace(/["“”„«»]/g, "")
    .replace(/^['‘’`]+|['‘’`]+$/g, "")
    .replace(/\s+/g, " ")
    .replace(/[.,;:]+$/, "")
    .trim();
  return clean ? shorten(clean) : null;
}

const isOffline = (model: LanguageModel) => typeof model !== "string" && model.provider === "offline";

/**
 * Asks the model for a short title of a new conversation. Falls back to the heuristic for the offline
 * model (its answers are canned) and on any failure: a missing title must never fail a chat.
 */
export async function generateTitle(
  model: LanguageModel,
  firstUserText: string,
  firstAnswerText: string,
  signal?: AbortSignal,
): Promise<string> {
  const fallback = titleFromMessage(firstUserText);
  if (isOffline(model)) return fallback;
  try {
    const { text } = await generateText({
      model,
      maxRetries: 0,
      maxOutputTokens: 32,
      timeout: TITLE_TIMEOUT_MS,
      abortSignal: signal,
      system:
        "You name chat conversations. Reply with a title of at most six words in the conversation's language, nothing else: no quotes, no final punctuation.",
      prompt: `User: ${firstUserText.slice(0, 1500)}\n\nAssistant: ${firstAnswerText.slice(0, 1500)}`,
    });
    return sanitizeTitle(text) ?? fallback;
  } catch {
    return fallback;
  }
}
