"use client";

import type { PresetList, PresetView } from "@/lib/playground/presets";
import { FormMessage } from "@/components/ui/form-message";
import { PresetsItem } from "./presets-item";

/** The "Presets" drop-down's body: loading, empty, or the list ("Presets") with its controls. */
export function PresetsPanel({
  id,
  list,
  error,
  busy,
  onLoad,
  onDelete,
  onShare,
}: {
  id: string;
  /** null while it is read. */
  list: PresetList | null;
  error: string | undefined;
  busy: boolean;
  onLoad: (preset: PresetView) => void;
  onDelete: (preset: PresetView) => void;
  onShare: (preset: PresetView, shared: boolean) => void;
}) {
  const hint = "px-3 py-2 text-sm text-zinc-500 dark:text-zinc-400";
  return (
    <div
      id={id}
      className="absolute top-full left-0 z-20 mt-2 w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
    >
      {error ? (
        <div className="px-3 py-2">
          <FormMessage error={error} />
        </div>
      ) : null}
      {list === null ? (
        error ? null : (
          <p className={hint}>Loading presets…</p>
        )
      ) : list.presets.length === 0 ? (
        <p className={hint}>No presets yet. &quot;Save preset&quot; keeps the current set-up under a name.</p>
      ) : (
        <ul
          aria-label="Presets"
          className="max-h-80 divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800"
        >
          {list.presets.map((preset) => (
            <PresetsItem
              key={preset.id}
              preset={preset}
              canShare={list.canShare}
              busy={busy}
              onLoad={() => onLoad(preset)}
              onDelete={() => onDelete(preset)}
              onShare={(shared) => onShare(preset, shared)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
