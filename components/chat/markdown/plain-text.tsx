/**
 * An answer as the plain text it is (React escapes it), line breaks kept. What the server sends for
 * every answer, what shows while the renderer loads, and what a text past the formatting limits
 * stays, then with a notice saying why.
 */
export function PlainText({ text, notice }: { text: string; notice?: string }) {
  const body = <p className="text-[15px] break-words whitespace-pre-wrap">{text}</p>;
  if (!notice) return body;
  return (
    <div className="min-w-0">
      <p role="note" className="mb-2 text-xs text-zinc-500 italic dark:text-zinc-400">
        {notice}
      </p>
      {body}
    </div>
  );
}
