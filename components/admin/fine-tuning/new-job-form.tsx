"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { startJobAction } from "@/lib/fine-tuning/actions";
import type { FineTuningOverview } from "@/lib/fine-tuning/job-view";
import { Button } from "@/components/ui/button";
import { formText } from "./form-text";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/admin/models/select-field";

type Message = { error?: string; fields?: Record<string, string> };

const HYPERPARAMETERS = [
  { name: "epochs", label: "Epochs", hint: "Whole passes over the data; empty = the provider's default." },
  {
    name: "learningRateMultiplier",
    label: "Learning-rate multiplier",
    hint: "OpenAI: a multiple of its default rate.",
  },
  {
    name: "learningRate",
    label: "Learning rate",
    hint: "Together, Fireworks: an absolute rate, e.g. 0.00001.",
  },
  { name: "batchSize", label: "Batch size", hint: "" },
  { name: "loraRank", label: "LoRA rank", hint: "Together, Fireworks." },
] as const;

/** "New fine-tuning job": checked on the server (and by the provider's adapter) before anything uploads. */
export function NewJobForm({ overview }: { overview: FineTuningOverview }) {
  const router = useRouter();
  const [datasetId, setDatasetId] = useState(overview.datasets[0]?.id ?? "");
  const [message, setMessage] = useState<Message>({});
  const [pending, startTransition] = useTransition();
  const method = overview.datasets.find((d) => d.id === datasetId)?.method ?? "sft";

  if (overview.datasets.length === 0 || overview.credentials.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {overview.datasets.length === 0
          ? "Save an openai-sft or openai-dpo dataset first (Admin → Export → Save as dataset)."
          : "Add a fine-tuning account below, or an OpenAI provider in Admin → Models."}
      </p>
    );
  }

  return (
    <form
      aria-label="New fine-tuning job"
      className="flex max-w-2xl flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const text = (name: string) => formText(data, name);
        startTransition(async () => {
          const result = await startJobAction({
            datasetId,
            credentials: text("credentials"),
            baseModel: text("baseModel"),
            method,
            epochs: text("epochs"),
            learningRateMultiplier: text("learningRateMultiplier"),
            learningRate: text("learningRate"),
            batchSize: text("batchSize"),
            loraRank: text("loraRank"),
            beta: method === "dpo" ? text("beta") : "",
            suffix: text("suffix"),
            seed: text("seed"),
          });
          if (!result.ok) {
            setMessage({
              error: result.error.message,
              ...(result.error.fieldErrors ? { fields: result.error.fieldErrors } : {}),
            });
            return;
          }
          router.push(`/admin/fine-tuning/${result.data.jobId}`);
        });
      }}
    >
      <FormMessage error={message.error} />
      <SelectField
        label="Dataset"
        name="datasetId"
        value={datasetId}
        onChange={(e) => setDatasetId(e.target.value)}
        error={message.fields?.datasetId}
      >
        {overview.datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {`${d.name} (${d.format}, ${d.trainRows} rows, ${d.sha256.slice(0, 12)})`}
          </option>
        ))}
      </SelectField>
      <SelectField label="Account" name="credentials" error={message.fields?.credentials}>
        {overview.credentials.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <Field
        label="Base model"
        name="baseModel"
        list="base-model-suggestions"
        autoComplete="off"
        error={message.fields?.baseModel}
      />
      <datalist id="base-model-suggestions">
        {overview.baseModelSuggestions.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <p className="text-sm">
        Method: <strong>{method === "dpo" ? "DPO (preference)" : "Supervised"}</strong>
        <span className="text-zinc-500"> — set by the dataset&apos;s format.</span>
      </p>
      {message.fields?.method ? (
        <p className="text-sm text-red-700 dark:text-red-400">{message.fields.method}</p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {HYPERPARAMETERS.map((h) => (
          <Field
            key={h.name}
            label={h.label}
            name={h.name}
            inputMode="decimal"
            hint={h.hint || undefined}
            error={message.fields?.[h.name]}
          />
        ))}
        {method === "dpo" ? (
          <Field label="Beta (DPO)" name="beta" inputMode="decimal" error={message.fields?.beta} />
        ) : null}
        <Field label="Suffix" name="suffix" maxLength={64} error={message.fields?.suffix} />
        <Field label="Seed" name="seed" inputMode="numeric" error={message.fields?.seed} />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          Start fine-tuning
        </Button>
      </div>
    </form>
  );
}
