"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { reviewItemAction } from "@/lib/evaluation/actions";
import type { ReviewPair } from "@/lib/evaluation/review";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

const CHOICES = [
  { choice: "A", label: "A is better" },
  { choice: "B", label: "B is better" },
  { choice: "tie", label: "Tie" },
  { choice: "both_bad", label: "Both are bad" },
] as const;

/**
 * One blind pair: the prompt, then "Response A" and "Response B" as plain text (never HTML, never a
 * model's name), and the four verdicts as buttons (keyboard: Tab and Enter, or keys 1–4).
 */
export function ReviewPairView({ pair }: { pair: ReviewPair }) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const judge = (choice: (typeof CHOICES)[number]["choice"]) =>
    startTransition(async () => {
      const result = await reviewItemAction({ itemId: pair.itemId, choice });
      if (!result.ok) return setError(result.error.message);
      setError(undefined);
      router.push(`/admin/evaluations/${result.data.evaluationId}/review`);
      router.refresh();
    });
  return (
    <section
      aria-label={`Pair ${pair.position + 1}`}
      className="flex flex-col gap-4"
      onKeyDown={(event) => {
        const index = Number(event.key) - 1;
        const target = event.target as HTMLElement;
        if (pending || target.tagName === "TEXTAREA" || target.tagName === "INPUT") return;
        if (index >= 0 && index < CHOICES.length) judge(CHOICES[index]!.choice);
      }}
    >
      <div className="flex flex-col gap-2">
        <h2 className="text-lg font-medium">Prompt</h2>
        {pair.prompt.map((message, i) => (
          <div key={i} className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
            <p className="text-xs font-medium text-zinc-500 uppercase">{message.role}</p>
            <p className="whitespace-pre-wrap">{message.content}</p>
          </div>
        ))}
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {(
          [
            ["Response A", pair.responseA],
            ["Response B", pair.responseB],
          ] as const
        ).map(([title, text]) => (
          <article
            key={title}
            aria-label={title}
            className="rounded-md border border-zinc-300 p-3 dark:border-zinc-700"
          >
            <h3 className="mb-2 font-medium">{title}</h3>
            <p className="text-sm whitespace-pre-wrap">{text || "(empty answer)"}</p>
          </article>
        ))}
      </div>
      <div className="flex flex-wrap gap-2" role="group" aria-label="Verdict">
        {CHOICES.map(({ choice, label }, i) => (
          <Button
            key={choice}
            type="button"
            variant={pair.choice === choice ? "primary" : "secondary"}
            aria-pressed={pair.choice === choice}
            aria-keyshortcuts={String(i + 1)}
            disabled={pending}
            onClick={() => judge(choice)}
            autoFocus={i === 0}
          >
            {label}
          </Button>
        ))}
      </div>
      <FormMessage error={error} />
    </section>
  );
}
