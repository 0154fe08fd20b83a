"use client";

import { useState } from "react";
import type { ChatMessage } from "@/lib/chat/types";
import { voteBlindArenaAction } from "@/lib/chat/arena/actions";
import type { ArenaChoice, ArenaVoteResult } from "@/lib/chat/arena/arena-types";
import { LazyMarkdown } from "../markdown/lazy-markdown";
import type { ArenaView } from "./arena-state";

const choiceClass =
  "rounded-full border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-40 dark:border-zinc-700 dark:hover:bg-zinc-800";

function ArenaColumn({ label, message }: { label: string; message: ChatMessage }) {
  const streaming = message.status === "streaming";
  return (
    <article
      aria-label={label}
      data-status={message.status}
      className="flex min-w-0 flex-col gap-2 rounded-xl border border-zinc-200 p-3 dark:border-zinc-700"
    >
      <h2 className="text-sm font-semibold text-zinc-600 dark:text-zinc-300">{label}</h2>
      {message.text ? (
        <LazyMarkdown text={message.text} streaming={streaming} />
      ) : streaming ? (
        <span aria-label="Thinking" className="inline-block size-3 animate-pulse rounded-full bg-zinc-400" />
      ) : null}
      {message.status === "stopped" ? <p className="text-xs text-zinc-500 italic">Stopped</p> : null}
      {message.status === "error" ? (
        <p
          role="alert"
          className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {message.error ?? "The answer failed."}
        </p>
      ) : null}
    </article>
  );
}

/**
 * The blind arena (docs/arena.md): two anonymous answers to one question side by side (stacked at
 * phone width), then "Which response do you prefer?". The choice is stored on the server, which says
 * where the conversation continues and which models answered.
 */
export function ArenaPanel({
  arena,
  a,
  b,
  onDecided,
}: {
  arena: ArenaView;
  a: ChatMessage;
  b: ChatMessage;
  onDecided: (result: ArenaVoteResult) => void;
}) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const finished = a.status !== "streaming" && b.status !== "streaming";
  const choose = (choice: ArenaChoice) => {
    setSaving(true);
    setError(null);
    void voteBlindArenaAction({ promptId: arena.promptId, choice }).then((result) => {
      setSaving(false);
      if (result.ok) onDecided(result.data);
      else setError(result.error.message);
    });
  };
  return (
    <section aria-label="Blind comparison" className="flex flex-col gap-3">
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <ArenaColumn label="Response A" message={a} />
        <ArenaColumn label="Response B" message={b} />
      </div>
      {finished ? (
        <div
          role="group"
          aria-label="Which response do you prefer?"
          className="flex flex-wrap items-center gap-2 rounded-xl border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-700"
        >
          <span className="mr-1 font-medium">Which response do you prefer?</span>
          <button type="button" className={choiceClass} disabled={saving} onClick={() => choose("a")}>
            A is better
          </button>
          <button type="button" className={choiceClass} disabled={saving} onClick={() => choose("b")}>
            B is better
          </button>
          <button type="button" className={choiceClass} disabled={saving} onClick={() => choose("skip")}>
            Skip
          </button>
          <p className="basis-full text-xs text-zinc-500">
            The models are shown once you choose. Choose or skip to continue the conversation.
          </p>
          {error ? (
            <p role="alert" className="basis-full text-red-700 dark:text-red-300">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
