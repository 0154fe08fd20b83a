"use client";

import Link from "next/link";
import { useState } from "react";
import { fitParams } from "@/lib/playground/capabilities";
import type { PlaygroundSettings } from "@/lib/playground/schemas";
import type { PlaygroundModel } from "@/lib/playground/types";
import { Button } from "@/components/ui/button";
import { MessagesEditor } from "./messages-editor";
import { ModelSelect } from "./model-select";
import { ParamsPanel } from "./params-panel";
import { PresetsMenu } from "./presets-menu";
import { ViewCodeDialog } from "./view-code-dialog";
import { RunEstimate } from "./run-estimate";
import { RunResults } from "./run-results";
import { usePlaygroundRun } from "./use-playground-run";

/** What is sent: empty stop-sequence lines (a trailing newline being typed) are not sequences. */
function forRun(settings: PlaygroundSettings): PlaygroundSettings {
  const stops = settings.params.stopSequences?.filter((s) => s !== "");
  return {
    ...settings,
    params: { ...settings.params, stopSequences: stops && stops.length > 0 ? stops : undefined },
  };
}

/**
 * The playground: the set-up (models, system prompt, messages, parameters) is one PlaygroundSettings
 * value, which presets and "View code" read and write as it is; Run streams the answers below.
 */
export function PlaygroundView({
  models,
  defaultModelId,
}: {
  models: PlaygroundModel[];
  defaultModelId: string;
}) {
  const [settings, setSettings] = useState<PlaygroundSettings>({
    models: [defaultModelId],
    systemPrompt: "",
    messages: [{ role: "user", content: "" }],
    params: {},
  });
  const { run, running, failure, start, stop, setFeedback } = usePlaygroundRun();
  const compare = settings.models.length > 1;
  const chosenOf = (ids: string[]) =>
    ids
      .map((id) => models.find((m) => m.info.id === id))
      .filter((m): m is PlaygroundModel => m !== undefined);
  const capabilitiesOf = (ids: string[]) =>
    chosenOf(ids).map((m) => ({ name: m.info.name, capabilities: m.capabilities }));
  const chosen = chosenOf(settings.models);
  const capable = capabilitiesOf(settings.models);
  const errors = failure?.fieldErrors ?? {};
  const modelError = Object.entries(errors).find(([key]) => key.startsWith("models"))?.[1];
  const update = (patch: Partial<PlaygroundSettings>) => setSettings((s) => ({ ...s, ...patch }));
  /** Other models: the parameters they cannot take are dropped, not kept hidden behind a disabled field. */
  const chooseModels = (ids: string[]) => {
    setSettings((s) => ({ ...s, models: ids, params: fitParams(capabilitiesOf(ids), s.params) }));
  };

  /**
   * A preset may name models this user cannot use (shared by an admin, or since disabled): those are
   * left out, and the parameters are fitted to the models kept, as when choosing them by hand.
   */
  const loadPreset = (preset: PlaygroundSettings) => {
    const usable = preset.models.filter((id) => models.some((m) => m.info.id === id));
    const ids = usable.length > 0 ? usable : settings.models;
    setSettings({ ...preset, models: ids, params: fitParams(capabilitiesOf(ids), preset.params) });
  };

  const runNow = () => {
    if (!running) void start(forRun(settings));
  };
  const toggleCompare = (on: boolean) => {
    if (!on) return chooseModels(settings.models.slice(0, 1));
    const other = models.find((m) => !settings.models.includes(m.info.id));
    if (other) chooseModels([...settings.models, other.info.id]);
  };

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto flex w-full max-w-6xl flex-col gap-4 p-4">
        {/* Ctrl+Enter runs from anywhere in the set-up; below it, a rating's comment keeps its own keys. */}
        <div
          className="flex flex-col gap-4"
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              runNow();
            }
          }}
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h1 className="text-lg font-semibold">Playground</h1>
            <div role="toolbar" aria-label="Playground" className="flex flex-wrap items-center gap-2">
              <ModelSelect
                models={models}
                chosen={settings.models}
                compare={compare}
                error={modelError}
                onChange={chooseModels}
              />
              <label className="flex items-center gap-1 text-sm">
                <input
                  type="checkbox"
                  checked={compare}
                  disabled={models.length < 2}
                  onChange={(e) => toggleCompare(e.target.checked)}
                />
                Compare
              </label>
              <PresetsMenu settings={settings} onLoad={loadPreset} />
              <ViewCodeDialog settings={forRun(settings)} />
              <Button type="button" onClick={runNow} disabled={running} aria-keyshortcuts="Control+Enter">
                Run
              </Button>
              <Button type="button" variant="secondary" onClick={stop} disabled={!running}>
                Stop
              </Button>
            </div>
          </div>
          {models.length < 2 ? (
            <p className="text-xs text-zinc-500">
              Compare needs at least two models; only one is available to you.
            </p>
          ) : null}
          <div className="grid gap-6 md:grid-cols-[minmax(0,1fr)_16rem]">
            <div className="flex flex-col gap-3">
              <MessagesEditor
                systemPrompt={settings.systemPrompt}
                messages={settings.messages}
                errors={errors}
                onSystemPrompt={(systemPrompt) => update({ systemPrompt })}
                onMessages={(messages) => update({ messages })}
              />
              <RunEstimate settings={settings} models={chosen.map((m) => m.info)} />
            </div>
            <ParamsPanel
              params={settings.params}
              models={capable}
              defaults={chosen[0]?.defaults ?? {}}
              errors={errors}
              onChange={(params) => update({ params })}
            />
          </div>
        </div>
        {failure ? (
          <p
            role="alert"
            className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
          >
            {failure.message}
          </p>
        ) : null}
        {run ? (
          <>
            <RunResults run={run} models={models} onFeedbackChange={setFeedback} />
            <p className="text-xs text-zinc-500">
              Saved as a conversation:{" "}
              <Link href={`/c/${run.conversationId}`} className="underline">
                open it
              </Link>
            </p>
          </>
        ) : null}
      </div>
    </div>
  );
}
