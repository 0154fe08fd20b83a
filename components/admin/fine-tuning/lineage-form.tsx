"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { setModelLineageAction } from "@/lib/fine-tuning/actions";
import type { ModelLineageView } from "@/lib/fine-tuning/lineage-view";
import { Button } from "@/components/ui/button";
import { formText } from "./form-text";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/admin/models/select-field";
import { TextAreaField } from "@/components/admin/models/text-area-field";

type Message = { error?: string; success?: string; fields?: Record<string, string> };

/** The lineage fields by hand: base model, dataset (picked, or its hash pasted), method, hyperparameters, notes. */
export function LineageForm({ modelConfigId, view }: { modelConfigId: string; view: ModelLineageView }) {
  const router = useRouter();
  const [message, setMessage] = useState<Message>({});
  const [pending, startTransition] = useTransition();
  const current = view.lineage;
  return (
    <form
      aria-label="Model lineage"
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const text = (name: string) => formText(data, name);
        startTransition(async () => {
          const result = await setModelLineageAction({
            modelConfigId,
            baseModel: text("baseModel"),
            datasetId: text("datasetId"),
            datasetSha256: text("datasetSha256"),
            method: text("method") as "sft" | "dpo",
            hyperparameters: text("hyperparameters"),
            notes: text("notes"),
          });
          if (!result.ok) {
            setMessage({
              error: result.error.message,
              ...(result.error.fieldErrors ? { fields: result.error.fieldErrors } : {}),
            });
            return;
          }
          setMessage({ success: "Lineage saved." });
          router.refresh();
        });
      }}
    >
      <FormMessage error={message.error} success={message.success} />
      <Field
        label="Base model"
        name="baseModel"
        defaultValue={current?.baseModel ?? ""}
        error={message.fields?.baseModel}
      />
      <SelectField
        label="Dataset"
        name="datasetId"
        defaultValue={current?.datasetId ?? ""}
        error={message.fields?.datasetId}
      >
        <option value="">Not saved here (paste its hash)</option>
        {view.datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {`${d.name} (${d.sha256.slice(0, 12)})`}
          </option>
        ))}
      </SelectField>
      <Field
        label="Dataset SHA-256"
        name="datasetSha256"
        defaultValue={current && !current.datasetId ? current.datasetSha256 : ""}
        hint="Only when the dataset is not picked above: sha256sum of the training file."
        error={message.fields?.datasetSha256}
      />
      <SelectField
        label="Method"
        name="method"
        defaultValue={current?.method ?? "sft"}
        error={message.fields?.method}
      >
        <option value="sft">Supervised</option>
        <option value="dpo">DPO (preference)</option>
      </SelectField>
      <TextAreaField
        label="Hyperparameters (JSON)"
        name="hyperparameters"
        rows={3}
        defaultValue={current ? JSON.stringify(current.hyperparameters) : ""}
        error={message.fields?.hyperparameters}
      />
      <TextAreaField
        label="Notes"
        name="notes"
        rows={3}
        defaultValue={current?.notes ?? ""}
        error={message.fields?.notes}
      />
      <div>
        <Button type="submit" disabled={pending}>
          Save lineage
        </Button>
      </div>
    </form>
  );
}
