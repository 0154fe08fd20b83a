"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { deleteModelAction, updateModelAction } from "@/lib/models/admin/actions";
import type { AdminModelDetail } from "@/lib/models/admin/admin-view";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { TextAreaField } from "./text-area-field";
import { formatPrice, numberText } from "./format";

type Message = { error?: string; success?: string; fields?: Record<string, string> };

/** Whether the model's prices are the price table's, for the hint under them. */
function tableHint(detail: AdminModelDetail): string | undefined {
  const { table, model } = detail;
  if (!table) return undefined;
  const same =
    model.inputPricePerMTok === table.input &&
    model.cachedInputPricePerMTok === table.cachedInput &&
    model.outputPricePerMTok === table.output;
  return same
    ? `From the price table of ${table.date}.`
    : `Overridden. The price table of ${table.date} says ${formatPrice(table.input)} / ${formatPrice(table.cachedInput)} / ${formatPrice(table.output)}.`;
}

/** Everything an admin sets on a model: names, limits, prices, roles, default parameters, enabled. */
export function ModelForm({ detail }: { detail: AdminModelDetail }) {
  const router = useRouter();
  const { model } = detail;
  const [message, setMessage] = useState<Message>({});
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const hint = tableHint(detail);
  const error = (name: string) => message.fields?.[name];

  return (
    <>
      <form
        className="flex max-w-2xl flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const text = (name: string) => {
            const value = data.get(name);
            return typeof value === "string" ? value : "";
          };
          startTransition(async () => {
            const result = await updateModelAction({
              modelConfigId: model.id,
              displayName: text("displayName"),
              description: text("description"),
              contextWindow: text("contextWindow"),
              maxOutputTokens: text("maxOutputTokens"),
              inputPricePerMTok: text("inputPricePerMTok"),
              cachedInputPricePerMTok: text("cachedInputPricePerMTok"),
              outputPricePerMTok: text("outputPricePerMTok"),
              allowedRoles: data.getAll("allowedRoles").filter((r) => r === "USER" || r === "ADMIN"),
              temperature: text("temperature"),
              topP: text("topP"),
              maxTokens: text("maxTokens"),
              enabled: data.get("enabled") === "on",
            });
            if (result.ok) {
              setMessage({ success: "Model saved." });
              router.refresh();
            } else {
              setMessage({
                error: result.error.message,
                ...(result.error.fieldErrors ? { fields: result.error.fieldErrors } : {}),
              });
            }
          });
        }}
      >
        <FormMessage error={message.error} success={message.success} />
        <Field
          label="Display name"
          name="displayName"
          defaultValue={model.displayName}
          error={error("displayName")}
        />
        <TextAreaField
          label="Description"
          name="description"
          rows={2}
          defaultValue={model.description}
          hint="Shown under the name in the model picker."
          error={error("description")}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Context window (tokens)"
            name="contextWindow"
            inputMode="numeric"
            defaultValue={numberText(model.contextWindow)}
            error={error("contextWindow")}
          />
          <Field
            label="Maximum output tokens"
            name="maxOutputTokens"
            inputMode="numeric"
            defaultValue={numberText(model.maxOutputTokens)}
            hint="Empty: the provider's own limit."
            error={error("maxOutputTokens")}
          />
        </div>
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium">Prices in USD per 1M tokens</legend>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field
              label="Input price"
              name="inputPricePerMTok"
              inputMode="decimal"
              defaultValue={numberText(model.inputPricePerMTok)}
              error={error("inputPricePerMTok")}
            />
            <Field
              label="Cached-input price"
              name="cachedInputPricePerMTok"
              inputMode="decimal"
              defaultValue={numberText(model.cachedInputPricePerMTok)}
              error={error("cachedInputPricePerMTok")}
            />
            <Field
              label="Output price"
              name="outputPricePerMTok"
              inputMode="decimal"
              defaultValue={numberText(model.outputPricePerMTok)}
              error={error("outputPricePerMTok")}
            />
          </div>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            {hint ?? "Empty: unknown (answers then carry no cost)."}
          </p>
        </fieldset>
        <fieldset className="flex flex-col gap-1">
          <legend className="text-sm font-medium">Roles that may use it</legend>
          {(["USER", "ADMIN"] as const).map((role) => (
            <label key={role} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="allowedRoles"
                value={role}
                defaultChecked={model.allowedRoles.includes(role)}
              />
              {role === "USER" ? "Users" : "Admins"}
            </label>
          ))}
          {error("allowedRoles") ? (
            <p className="text-sm text-red-700 dark:text-red-400">{error("allowedRoles")}</p>
          ) : null}
        </fieldset>
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium">Default parameters (when a request sets none)</legend>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field
              label="Temperature"
              name="temperature"
              inputMode="decimal"
              defaultValue={numberText(model.defaultParams.temperature)}
              error={error("temperature")}
            />
            <Field
              label="top_p"
              name="topP"
              inputMode="decimal"
              defaultValue={numberText(model.defaultParams.topP)}
              error={error("topP")}
            />
            <Field
              label="Max tokens"
              name="maxTokens"
              inputMode="numeric"
              defaultValue={numberText(model.defaultParams.maxTokens)}
              error={error("maxTokens")}
            />
          </div>
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={model.enabled} /> Enabled
        </label>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending}>
            Save model
          </Button>
          <Button type="button" variant="danger" disabled={pending} onClick={() => setConfirming(true)}>
            Delete model
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title="Delete model?"
        confirmLabel="Delete model"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          startTransition(async () => {
            const result = await deleteModelAction({ modelConfigId: model.id });
            if (result.ok) router.push(`/admin/models/providers/${detail.provider.id}`);
            else setMessage({ error: result.error.message });
          });
        }}
        body={
          <p>
            This removes <strong>{model.modelId}</strong> from the registry. Past answers keep its id.
          </p>
        }
      />
    </>
  );
}
