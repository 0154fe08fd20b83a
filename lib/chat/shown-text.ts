/**
 * The longest message text a page sends whole. A page carries each text twice (the HTML and the React
 * Server Components payload) and serialises both on the server's one thread, so a conversation
 * holding a multi-megabyte answer (a runaway model, a hostile upstream) blocked every other request
 * for seconds per view. Past this, the page gets the beginning and a notice; the stored text is
 * untouched (export and "Download my data" read it whole). 200,000 characters is about 50,000 tokens:
 * more than any answer a person reads in a chat, and twice the length markdown is formatted up to.
 */
export const SHOWN_TEXT_MAX_CHARS = 200_000;

/** `text` as a page shows it: whole, or cut at the limit (never inside a surrogate pair) with a notice. */
export function shownText(text: string): string {
  if (text.length <= SHOWN_TEXT_MAX_CHARS) return text;
  let end = SHOWN_TEXT_MAX_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  const rest = text.length - end;
  return `${text.slice(0, end)}\n\n[… ${rest.toLocaleString("en-US")} more characters not shown: this message is too long to show in full. "Download my data" in Settings has the whole text.]`;
}
