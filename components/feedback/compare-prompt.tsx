"use client";

import { useState } from "react";
import { compareAnswersAction } from "@/lib/feedback/actions";
import type { Verdict } from "@/lib/feedback/preferences";
import { IconButton } from "@/components/ui/icon-button";
import { CloseIcon } from "@/components/ui/icons";

const choice =
  "rounded-full border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-40 dark:border-zinc-700 dark:hover:bg-zinc-800";

/**
 * Shown under a regenerated answer: is it better or worse than the answer it replaced? The choice is
 * stored as a comparison of the two siblings; it is the strongest preference signal a user gives.
 */
export function ComparePrompt({
  answerId,
  otherId,
  onDone,
}: {
  answerId: string;
  otherId: string;
  onDone: () => void;
}) {
  const [state, setState] = useState<"asking" | "saving" | "saved">("asking");
  const [error, setError] = useState<string | null>(null);
  const choose = (verdict: Verdict) => {
    setState("saving");
    setError(null);
    void compareAnswersAction({ answerId, otherId, verdict }).then((result) => {
      if (result.ok) {
        setState("saved");
      } else {
        setState("asking");
        setError(result.error.message);
      }
    });
  };
  if (state === "saved") {
    return (
      <p role="status" className="text-xs text-zinc-500">
        Thanks — your choice was recorded.
      </p>
    );
  }
  return (
    <div
      role="group"
      aria-label="Is this response better or worse?"
      className="mt-1 flex flex-wrap items-center gap-2 rounded-xl border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-700"
    >
      <span className="mr-1">Is this response better or worse?</span>
      <button type="button" className={choice} disabled={state === "saving"} onClick={() => choose("better")}>
        Better
      </button>
      <button type="button" className={choice} disabled={state === "saving"} onClick={() => choose("worse")}>
        Worse
      </button>
      <button type="button" className={choice} disabled={state === "saving"} onClick={() => choose("same")}>
        Same
      </button>
      <IconButton label="Skip comparison" size="xs" onClick={onDone} className="ml-auto">
        <CloseIcon />
      </IconButton>
      {error ? (
        <p role="alert" className="basis-full text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
