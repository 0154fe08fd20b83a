"use client";

import { useId } from "react";
import {
  PARAM_LABELS,
  jsonUnsupportedReason,
  maxTemperature,
  unsupportedReason,
  type CapableModel,
  type ParamKey,
} from "@/lib/playground/capabilities";
import type { PlaygroundParams } from "@/lib/playground/schemas";
import type { ModelParams } from "@/lib/models/model-params";

const input =
  "w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm aria-[invalid]:border-red-600 disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900";

type NumberKey = Exclude<ParamKey, "stopSequences">;

const RANGES: Record<NumberKey, { min: number; max: number; step: number | "any" }> = {
  temperature: { min: 0, max: 2, step: 0.1 },
  topP: { min: 0, max: 1, step: 0.05 },
  maxOutputTokens: { min: 1, max: 1_000_000, step: 1 },
  seed: { min: -(2 ** 53) + 1, max: 2 ** 53 - 1, step: 1 },
  presencePenalty: { min: -2, max: 2, step: 0.1 },
  frequencyPenalty: { min: -2, max: 2, step: 0.1 },
};

function Row({
  label,
  reason,
  error,
  hint,
  children,
}: {
  label: string;
  reason: string | null;
  error: string | undefined;
  hint?: string | undefined;
  children: (props: { id: string; describedBy: string | undefined; disabled: boolean }) => React.ReactNode;
}) {
  const id = useId();
  const note = error ?? reason ?? hint;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({ id, describedBy: note ? `${id}-note` : undefined, disabled: reason !== null })}
      {note ? (
        <p
          id={`${id}-note`}
          className={`text-xs ${error ? "text-red-700 dark:text-red-400" : "text-zinc-500 dark:text-zinc-400"}`}
        >
          {error ?? (reason ? `Not available: ${reason}` : hint)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The parameters, fitted to the chosen models: one a model cannot take is disabled with the reason;
 * an empty field means the model's default, shown as its placeholder.
 */
export function ParamsPanel({
  params,
  models,
  defaults,
  errors,
  onChange,
}: {
  params: PlaygroundParams;
  models: CapableModel[];
  /** The first chosen model's admin defaults. */
  defaults: ModelParams;
  errors: Record<string, string>;
  onChange: (params: PlaygroundParams) => void;
}) {
  const set = (patch: Partial<PlaygroundParams>) => onChange({ ...params, ...patch });
  const numberField = (key: NumberKey) => {
    const range = RANGES[key];
    const max = key === "temperature" ? maxTemperature(models) : range.max;
    const fallback = key in defaults ? defaults[key as keyof ModelParams] : undefined;
    return (
      <Row
        key={key}
        label={PARAM_LABELS[key]}
        reason={unsupportedReason(models, key)}
        error={errors[`params.${key}`]}
        hint={key === "seed" ? "Empty: a random seed per run." : `From ${range.min} to ${max}.`}
      >
        {({ id, describedBy, disabled }) => (
          <input
            id={id}
            type="number"
            inputMode="decimal"
            min={range.min}
            max={max}
            step={range.step}
            disabled={disabled}
            value={params[key] ?? ""}
            placeholder={fallback !== undefined ? `Default: ${fallback}` : "Default"}
            aria-describedby={describedBy}
            aria-invalid={errors[`params.${key}`] ? true : undefined}
            onChange={(e) => set({ [key]: e.target.value === "" ? undefined : Number(e.target.value) })}
            className={input}
          />
        )}
      </Row>
    );
  };
  const format = params.responseFormat ?? { type: "text" as const };
  const jsonReason = jsonUnsupportedReason(models);
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-1 text-sm font-semibold">Parameters</legend>
      {numberField("temperature")}
      {numberField("topP")}
      {numberField("maxOutputTokens")}
      <Row
        label={PARAM_LABELS.stopSequences}
        reason={unsupportedReason(models, "stopSequences")}
        error={errors["params.stopSequences"] ?? errors["params.stopSequences.0"]}
        hint="One per line, at most 4."
      >
        {({ id, describedBy, disabled }) => (
          <textarea
            id={id}
            rows={2}
            disabled={disabled}
            value={(params.stopSequences ?? []).join("\n")}
            aria-describedby={describedBy}
            onChange={(e) => {
              const lines = e.target.value.split("\n");
              set({ stopSequences: lines.length === 1 && lines[0] === "" ? undefined : lines });
            }}
            onBlur={() => {
              const kept = (params.stopSequences ?? []).filter((s) => s !== "");
              set({ stopSequences: kept.length > 0 ? kept : undefined });
            }}
            className={input}
          />
        )}
      </Row>
      {numberField("seed")}
      {numberField("presencePenalty")}
      {numberField("frequencyPenalty")}
      <Row label="Response format" reason={null} error={errors["params.responseFormat"]}>
        {({ id, describedBy }) => (
          <select
            id={id}
            value={format.type}
            aria-describedby={describedBy}
            onChange={(e) =>
              set({ responseFormat: e.target.value === "json" ? { type: "json", schema: "" } : undefined })
            }
            className={input}
          >
            <option value="text">Text</option>
            <option value="json" disabled={jsonReason !== null}>
              {jsonReason ? "JSON (not available)" : "JSON"}
            </option>
          </select>
        )}
      </Row>
      {jsonReason ? <p className="text-xs text-zinc-500">{`JSON output: ${jsonReason}`}</p> : null}
      {format.type === "json" ? (
        <Row
          label="JSON schema"
          reason={null}
          error={errors["params.responseFormat.schema"]}
          hint="Optional: a JSON Schema object the answer must follow."
        >
          {({ id, describedBy }) => (
            <textarea
              id={id}
              rows={5}
              value={format.schema ?? ""}
              aria-describedby={describedBy}
              aria-invalid={errors["params.responseFormat.schema"] ? true : undefined}
              onChange={(e) => set({ responseFormat: { type: "json", schema: e.target.value } })}
              className={`${input} font-mono`}
            />
          )}
        </Row>
      ) : null}
    </fieldset>
  );
}
