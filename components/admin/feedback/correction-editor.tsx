"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { saveCorrectionAction } from "@/lib/admin/triage-actions";
import { CORRECTION_MAX_CHARS } from "@/lib/admin/triage-schemas";
import { Markdown } from "@/components/chat/markdown/markdown";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { formatTime } from "../format-time";

type Version = { id: string; text: string; createdAt: string; author: string };

/**
 * The corrected ("ideal") answer export trains on: a markdown editor with a preview rendered exactly
 * like the chat, and the history of versions. Saving is refused when another admin saved meanwhile
 * (the text typed here stays), so no correction is silently overwritten.
 */
export function CorrectionEditor({
  feedbackId,
  original,
  history,
}: {
  feedbackId: string;
  original: string;
  history: Version[];
}) {
  const [versions, setVersions] = useState(history);
  const current = versions[0] ?? null;
  const [text, setText] = useState(current?.text ?? original);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [pending, startTransition] = useTransition();
  const editor = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== "e" || event.metaKey || event.ctrlKey || event.altKey) return;
      if (target?.closest("input, textarea, select, [contenteditable=true]")) return;
      event.preventDefault();
      setTab("write");
      editor.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const save = () =>
    startTransition(async () => {
      const result = await saveCorrectionAction({ feedbackId, text, baseCorrectionId: current?.id ?? null });
      if (result.ok) {
        setVersions((list) => [result.data, ...list]);
        setError(undefined);
        setSaved("Correction saved.");
      } else {
        setSaved(undefined);
        setError(result.error.message);
      }
    });

  const tabClass = (active: boolean) =>
    `rounded-md px-3 py-1 text-sm ${active ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`;
  return (
    <section
      aria-labelledby="correction-heading"
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 id="correction-heading" className="text-sm font-semibold">
        Corrected answer
      </h2>
      <p className="text-xs text-zinc-500">
        What the model should have answered. Export uses the newest version as the ideal response.
      </p>
      <div role="tablist" aria-label="Editor mode" className="flex gap-1">
        <button
          type="button"
          role="tab"
          aria-selected={tab === "write"}
          className={tabClass(tab === "write")}
          onClick={() => setTab("write")}
        >
          Write
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === "preview"}
          className={tabClass(tab === "preview")}
          onClick={() => setTab("preview")}
        >
          Preview
        </button>
      </div>
      {tab === "write" ? (
        <textarea
          ref={editor}
          aria-label="Corrected answer"
          aria-keyshortcuts="e"
          value={text}
          maxLength={CORRECTION_MAX_CHARS}
          onChange={(event) => setText(event.target.value)}
          rows={12}
          className="w-full resize-y rounded-md border border-zinc-300 bg-white p-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
      ) : (
        <div className="min-h-40 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <Markdown text={text} />
        </div>
      )}
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs text-zinc-500 tabular-nums">
          {text.length.toLocaleString("en")} / {CORRECTION_MAX_CHARS.toLocaleString("en")}
        </span>
        <Button type="button" disabled={pending || text.trim().length === 0} onClick={save}>
          Save correction
        </Button>
      </div>
      <FormMessage error={error} success={saved} />
      {versions.length > 0 ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
            History ({versions.length} version{versions.length === 1 ? "" : "s"})
          </summary>
          <ol className="mt-2 flex flex-col gap-2">
            {versions.map((version, index) => (
              <li key={version.id} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                <p className="text-xs text-zinc-500">
                  {formatTime(version.createdAt)} · {version.author}
                  {index === 0 ? " · current" : ""}
                </p>
                <p className="mt-1 line-clamp-3 whitespace-pre-wrap">{version.text}</p>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
