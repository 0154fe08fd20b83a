"use client";

import { useState, useTransition } from "react";
import { updateSystemPromptAction } from "@/lib/chat/actions";

/** The conversation's system prompt (it starts as the user's custom instructions). */
export function SystemPromptEditor({
  conversationId,
  value,
  onSaved,
}: {
  conversationId: string;
  value: string;
  onSaved: (value: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => {
          setDraft(value);
          setOpen((v) => !v);
        }}
        className="rounded-md px-2 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
      >
        System prompt
      </button>
      {open ? (
        <div
          role="dialog"
          aria-label="System prompt"
          className="absolute right-0 z-20 mt-1 w-[min(28rem,90vw)] rounded-lg border border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <label className="text-sm font-medium" htmlFor="system-prompt">
            System prompt for this chat
          </label>
          <textarea
            id="system-prompt"
            value={draft}
            maxLength={8000}
            rows={6}
            onChange={(e) => setDraft(e.target.value)}
            className="mt-1 w-full rounded-md border border-zinc-300 bg-white p-2 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          />
          {error ? (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
          <div className="mt-2 flex justify-end gap-2">
            <button type="button" onClick={() => setOpen(false)} className="rounded-md px-3 py-1.5 text-sm">
              Cancel
            </button>
            <button
              type="button"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await updateSystemPromptAction({ conversationId, systemPrompt: draft });
                  if (!result.ok) return setError(result.error.message);
                  onSaved(result.data.systemPrompt);
                  setOpen(false);
                })
              }
              className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900"
            >
              Save
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
