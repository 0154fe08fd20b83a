"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { addModelAction, refreshModelsAction, setModelEnabledAction } from "@/lib/models/admin/actions";
import type { AdminModel } from "@/lib/models/admin/admin-view";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { ListTable, cellClass, rowClass } from "@/components/admin/list/table";
import { formatPrice, formatTokens } from "./format";

const small = "px-2 py-1 text-xs";

/** A provider's models: discover them ("Refresh models"), add one by id, enable or disable each. */
export function ProviderModels({
  providerId,
  models,
  defaultModelId,
}: {
  providerId: string;
  models: AdminModel[];
  defaultModelId: string | null;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ error?: string; success?: string; field?: string }>({});
  const [modelId, setModelId] = useState("");
  const [pending, startTransition] = useTransition();

  const refresh = () =>
    startTransition(async () => {
      const result = await refreshModelsAction({ providerId });
      if (!result.ok) return setMessage({ error: result.error.message });
      const { added, skipped } = result.data;
      const parts = [`${added.length} new model(s) found${added.length ? " (added disabled)" : ""}.`];
      if (skipped.length) parts.push(`Skipped, id already in use: ${skipped.join(", ")}.`);
      setMessage({ success: parts.join(" ") });
      router.refresh();
    });

  return (
    <section aria-labelledby="models-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="models-heading" className="text-lg font-semibold">
          Models
        </h2>
        <Button variant="secondary" disabled={pending} onClick={refresh}>
          Refresh models
        </Button>
      </div>
      <FormMessage error={message.field ? undefined : message.error} success={message.success} />
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          startTransition(async () => {
            const result = await addModelAction({ providerId, modelId });
            if (!result.ok) {
              const field = result.error.fieldErrors?.modelId;
              return setMessage({ error: field ?? result.error.message, ...(field ? { field } : {}) });
            }
            setModelId("");
            setMessage({ success: `Added ${modelId.trim()}.` });
            router.refresh();
          });
        }}
      >
        <div className="min-w-72 flex-1">
          <Field
            label="Model id"
            value={modelId}
            onChange={(event) => setModelId(event.target.value)}
            placeholder="ft:gpt-4.1-mini:acme::abc123"
            hint="Add a model the list does not show, e.g. a fine-tuned one."
            error={message.field}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={pending || !modelId.trim()}>
          Add model
        </Button>
      </form>
      <ListTable
        caption="Models of this provider"
        columns={["Model", "Context", "Input / cached / output per 1M", "Roles", "Status", ""]}
        empty={models.length === 0 ? "No models yet. Refresh models, or add one by id." : null}
      >
        {models.map((model) => (
          <tr key={model.id} className={rowClass}>
            <td className={cellClass}>
              <div className="font-medium">{model.displayName}</div>
              <div className="font-mono text-xs text-zinc-500">{model.modelId}</div>
            </td>
            <td className={cellClass}>{formatTokens(model.contextWindow)}</td>
            <td className={cellClass}>
              {formatPrice(model.inputPricePerMTok)} / {formatPrice(model.cachedInputPricePerMTok)} /{" "}
              {formatPrice(model.outputPricePerMTok)}
            </td>
            <td className={cellClass}>{model.allowedRoles.map((r) => r.toLowerCase()).join(", ")}</td>
            <td className={cellClass}>
              {model.enabled ? "Enabled" : "Disabled"}
              {model.modelId === defaultModelId ? " · default" : ""}
            </td>
            <td className={`${cellClass} whitespace-nowrap`}>
              <div className="flex gap-2">
                <Button
                  variant="secondary"
                  className={small}
                  disabled={pending}
                  aria-label={`${model.enabled ? "Disable" : "Enable"} ${model.modelId}`}
                  onClick={() =>
                    startTransition(async () => {
                      const result = await setModelEnabledAction({
                        modelConfigId: model.id,
                        enabled: !model.enabled,
                      });
                      setMessage(result.ok ? {} : { error: result.error.message });
                      if (result.ok) router.refresh();
                    })
                  }
                >
                  {model.enabled ? "Disable" : "Enable"}
                </Button>
                <Link
                  href={`/admin/models/models/${model.id}`}
                  aria-label={`Edit ${model.modelId}`}
                  className="rounded-md border border-zinc-300 px-2 py-1 text-xs dark:border-zinc-700"
                >
                  Edit
                </Link>
              </div>
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
