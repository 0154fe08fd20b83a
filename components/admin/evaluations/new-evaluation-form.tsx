"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { createEvaluationAction, estimateEvaluationAction } from "@/lib/evaluation/actions";
import type { CostEstimate } from "@/lib/evaluation/estimate";
import type { DatasetOption, ModelOption } from "@/lib/evaluation/evaluations";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/admin/models/select-field";
import { formatUsd } from "./format";

type Values = {
  candidateModelId: string;
  baselineModelId: string;
  datasetId: string;
  judge: "admins" | "model";
  judgeModelId: string;
  concurrency: string;
  costCapUsd: string;
};

function ModelOptions({ models }: { models: ModelOption[] }) {
  return (
    <>
      <option value="">Choose a model…</option>
      {models.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name} ({m.id}){m.enabled ? "" : " · disabled"}
        </option>
      ))}
    </>
  );
}

/** "New evaluation": the set-up, its estimated cost, and Start (refused over the cap). */
export function NewEvaluationForm({
  models,
  datasets,
  defaults,
}: {
  models: ModelOption[];
  datasets: DatasetOption[];
  defaults: { candidateModelId: string; baselineModelId: string; datasetId: string };
}) {
  const router = useRouter();
  const [values, setValues] = useState<Values>({
    ...defaults,
    judge: "admins",
    judgeModelId: "",
    concurrency: "2",
    costCapUsd: "5",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>();
  const [estimate, setEstimate] = useState<CostEstimate | null>(null);
  const [pending, startTransition] = useTransition();
  const set = (key: keyof Values) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [key]: event.target.value }));
    setEstimate(null);
  };
  const fail = (error: { message: string; fieldErrors?: Record<string, string> }) => {
    setErrors(error.fieldErrors ?? {});
    setMessage(error.message);
  };
  const estimateNow = () =>
    startTransition(async () => {
      const { costCapUsd: _cap, ...setup } = values;
      const result = await estimateEvaluationAction(setup);
      if (!result.ok) return fail(result.error);
      setErrors({});
      setMessage(undefined);
      setEstimate(result.data);
    });
  return (
    <form
      className="flex max-w-xl flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await createEvaluationAction(values);
          if (!result.ok) return fail(result.error);
          router.push(`/admin/evaluations/${result.data.evaluationId}`);
        });
      }}
    >
      <SelectField
        label="Candidate"
        value={values.candidateModelId}
        onChange={set("candidateModelId")}
        error={errors.candidateModelId}
      >
        <ModelOptions models={models} />
      </SelectField>
      <SelectField
        label="Baseline"
        value={values.baselineModelId}
        onChange={set("baselineModelId")}
        error={errors.baselineModelId}
      >
        <ModelOptions models={models} />
      </SelectField>
      <SelectField
        label="Dataset"
        value={values.datasetId}
        onChange={set("datasetId")}
        error={errors.datasetId}
      >
        <option value="">Choose a dataset…</option>
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} ({d.format}, {d.validationRows} validation rows)
          </option>
        ))}
      </SelectField>
      <SelectField label="Judge" value={values.judge} onChange={set("judge")} error={errors.judge}>
        <option value="admins">Admins (review queue)</option>
        <option value="model">A judge model</option>
      </SelectField>
      {values.judge === "model" ? (
        <SelectField
          label="Judge model"
          value={values.judgeModelId}
          onChange={set("judgeModelId")}
          error={errors.judgeModelId}
        >
          <ModelOptions models={models} />
        </SelectField>
      ) : null}
      <Field
        label="Concurrency"
        type="number"
        min={1}
        max={8}
        value={values.concurrency}
        onChange={set("concurrency")}
        error={errors.concurrency}
        hint="Prompts replayed at once (1–8)."
      />
      <Field
        label="Cost cap (USD)"
        inputMode="decimal"
        value={values.costCapUsd}
        onChange={set("costCapUsd")}
        error={errors.costCapUsd}
        hint="The run stops before it would spend more; it cannot start when the estimate is over it."
      />
      {estimate ? (
        <p role="status" className="text-sm">
          Estimated cost: <strong>{formatUsd(estimate.totalUsd)}</strong> for {estimate.prompts} prompts
          (candidate {formatUsd(estimate.candidateUsd)}, baseline {formatUsd(estimate.baselineUsd)}, judge{" "}
          {formatUsd(estimate.judgeUsd)}), at most.
          {estimate.unpriced.length > 0
            ? ` No price is set for ${estimate.unpriced.join(", ")}: counted as free.`
            : ""}
        </p>
      ) : null}
      <FormMessage error={message} />
      <div className="flex gap-2">
        <Button type="button" variant="secondary" disabled={pending} onClick={estimateNow}>
          Estimate cost
        </Button>
        <Button type="submit" disabled={pending}>
          Start evaluation
        </Button>
      </div>
    </form>
  );
}
