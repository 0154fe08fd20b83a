"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { reviewFeedbackAction } from "@/lib/admin/triage-actions";
import type { ReviewState } from "@/lib/admin/triage";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { STATUS_LABEL } from "./labels";

/**
 * Triage: mark reviewed, exclude from training (with an optional note), or reopen. Keyboard: r marks
 * reviewed, x excludes, j / k open the next / previous rating of the current filter, e edits the
 * correction (handled by the editor). Shortcuts are ignored while typing in a field.
 */
export function TriagePanel({
  feedbackId,
  initial,
  olderHref,
  newerHref,
}: {
  feedbackId: string;
  initial: ReviewState;
  olderHref: string | null;
  newerHref: string | null;
}) {
  const [state, setState] = useState(initial);
  const [note, setNote] = useState(initial.reviewNote);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();

  const review = (status: ReviewState["reviewStatus"]) =>
    startTransition(async () => {
      const result = await reviewFeedbackAction({ feedbackId, status, note });
      if (result.ok) {
        setState(result.data);
        setError(undefined);
        setSaved(`Saved: ${STATUS_LABEL[result.data.reviewStatus]}.`);
      } else {
        setSaved(undefined);
        setError(result.error.message);
      }
    });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (target?.closest("input, textarea, select, [contenteditable=true]")) return;
      if (event.key === "r") review("reviewed");
      else if (event.key === "x") review("excluded");
      else if (event.key === "j" && olderHref) router.push(olderHref);
      else if (event.key === "k" && newerHref) router.push(newerHref);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <section
      aria-labelledby="triage-heading"
      className="flex flex-col gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 id="triage-heading" className="text-sm font-semibold">
        Triage
      </h2>
      <p className="text-sm">
        Status: <strong>{STATUS_LABEL[state.reviewStatus]}</strong>
      </p>
      <label className="flex flex-col gap-1 text-sm">
        Note (optional)
        <textarea
          value={note}
          onChange={(event) => setNote(event.target.value)}
          maxLength={2000}
          rows={2}
          className="rounded-md border border-zinc-300 bg-white p-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <div className="flex flex-wrap gap-2">
        <Button type="button" disabled={pending} onClick={() => review("reviewed")} aria-keyshortcuts="r">
          Mark reviewed
        </Button>
        <Button
          type="button"
          variant="danger"
          disabled={pending}
          onClick={() => review("excluded")}
          aria-keyshortcuts="x"
        >
          Exclude from training
        </Button>
        {state.reviewStatus !== "pending" ? (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => review("pending")}>
            Reopen
          </Button>
        ) : null}
      </div>
      <FormMessage error={error} success={saved} />
      <p className="text-xs text-zinc-500">
        Keys: <kbd>r</kbd> reviewed · <kbd>x</kbd> exclude · <kbd>e</kbd> edit correction · <kbd>j</kbd> /{" "}
        <kbd>k</kbd> next / previous
      </p>
    </section>
  );
}
