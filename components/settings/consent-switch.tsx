"use client";

import { useOptimistic, useState, useTransition } from "react";
import { setTrainingConsentAction } from "@/lib/users/actions";
import { FormMessage } from "@/components/ui/form-message";

export function ConsentSwitch({ initial }: { initial: boolean }) {
  const [consent, setConsent] = useState(initial);
  const [optimistic, setOptimistic] = useOptimistic(consent);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [, startTransition] = useTransition();

  const toggle = () => {
    const next = !optimistic;
    setSaved(undefined);
    startTransition(async () => {
      setOptimistic(next);
      const result = await setTrainingConsentAction({ consent: next });
      if (result.ok) {
        setConsent(result.data.trainingConsent);
        setError(undefined);
        setSaved(
          result.data.trainingConsent
            ? "Saved. Your conversations may be used to improve models."
            : "Saved. Your conversations will not be used to improve models.",
        );
      } else {
        setError(result.error.message);
      }
    });
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-start justify-between gap-4">
        <div>
          <p id="consent-label" className="text-sm font-medium">
            Use my conversations to improve models
          </p>
          <p id="consent-help" className="text-sm text-zinc-600 dark:text-zinc-400">
            When off, your conversations and ratings are never included in training data. Ratings still help
            admins see answer quality.
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={optimistic}
          aria-labelledby="consent-label"
          aria-describedby="consent-help"
          onClick={toggle}
          className="relative mt-1 inline-flex h-6 w-11 shrink-0 items-center rounded-full bg-zinc-300 transition-colors aria-checked:bg-emerald-700 dark:bg-zinc-700"
        >
          <span
            aria-hidden
            className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${optimistic ? "translate-x-5" : "translate-x-0.5"}`}
          />
        </button>
      </div>
      <FormMessage error={error} success={saved} />
    </div>
  );
}
