"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { setLiveTrialAction } from "@/lib/evaluation/trial/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/admin/models/select-field";

type Choice = { id: string; label: string };

/** Starts, changes or stops the live trial (Admin → Evaluations → Live traffic). */
export function TrialForm({
  candidates,
  baselines,
  current,
}: {
  candidates: Choice[];
  baselines: Choice[];
  current: {
    candidateModelId: string | null;
    baselineModelId: string | null;
    sharePercent: number;
    running: boolean;
  };
}) {
  const router = useRouter();
  const [candidate, setCandidate] = useState(current.candidateModelId ?? "");
  const [baseline, setBaseline] = useState(current.running ? (current.baselineModelId ?? "") : "");
  const [share, setShare] = useState(String(current.sharePercent || 10));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const [pending, startTransition] = useTransition();

  const save = (sharePercent: number) =>
    startTransition(async () => {
      const result = await setLiveTrialAction({
        candidateModelId: candidate || null,
        baselineModelId: baseline || null,
        sharePercent,
      });
      if (result.ok) {
        setErrors({});
        setMessage({
          success: result.data.running
            ? `Trial running: ${result.data.sharePercent} % of new chats on ${result.data.baselineModelId} go to ${result.data.candidateModelId}.`
            : "Trial stopped.",
        });
        router.refresh();
      } else {
        setErrors(result.error.fieldErrors ?? {});
        setMessage({ error: result.error.message });
      }
    });

  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const value = Number(share);
        if (share.trim() === "" || !Number.isFinite(value)) {
          setErrors({ sharePercent: "The share is a number from 0 to 100." });
          return;
        }
        save(value);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Candidate"
          value={candidate}
          error={errors.candidateModelId}
          onChange={(event) => setCandidate(event.target.value)}
        >
          <option value="">Choose a model…</option>
          {candidates.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Baseline"
          value={baseline}
          error={errors.baselineModelId}
          onChange={(event) => setBaseline(event.target.value)}
        >
          <option value="">The candidate&apos;s base model, else the default</option>
          {baselines.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </SelectField>
        <Field
          label="Share of new chats (%)"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          value={share}
          error={errors.sharePercent}
          onChange={(event) => setShare(event.target.value)}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          {current.running ? "Save trial" : "Start trial"}
        </Button>
        {current.running ? (
          <Button type="button" variant="secondary" disabled={pending} onClick={() => save(0)}>
            Stop trial
          </Button>
        ) : null}
      </div>
      <FormMessage error={message.error} success={message.success} />
    </form>
  );
}
