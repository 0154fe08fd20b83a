"use client";

import type { PresetView } from "@/lib/playground/presets";

/**
 * One preset in the "Presets" list: its name loads it; the user's own have "Delete", and an admin's
 * own have "Share with everyone". Each control's name carries the preset's, so that a list of them
 * stays tellable apart by ear.
 */
export function PresetsItem({
  preset,
  canShare,
  busy,
  onLoad,
  onDelete,
  onShare,
}: {
  preset: PresetView;
  canShare: boolean;
  busy: boolean;
  onLoad: () => void;
  onDelete: () => void;
  onShare: (shared: boolean) => void;
}) {
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
      <button
        type="button"
        onClick={onLoad}
        aria-label={`Load preset ${preset.name}`}
        className="min-w-0 flex-1 truncate text-left text-sm font-medium hover:underline"
      >
        {preset.name}
      </button>
      {!preset.mine ? (
        <span className="text-xs text-zinc-500 dark:text-zinc-400">Shared by {preset.ownerName}</span>
      ) : null}
      {preset.mine && canShare ? (
        <label className="flex items-center gap-1.5 text-xs">
          <input
            type="checkbox"
            checked={preset.shared}
            disabled={busy}
            aria-label={`Share with everyone: ${preset.name}`}
            onChange={(event) => onShare(event.target.checked)}
          />
          Share with everyone
        </label>
      ) : null}
      {preset.mine && !canShare && preset.shared ? (
        <span className="text-xs text-zinc-500 dark:text-zinc-400">Shared</span>
      ) : null}
      {preset.mine ? (
        <button
          type="button"
          disabled={busy}
          onClick={onDelete}
          aria-label={`Delete preset ${preset.name}`}
          className="rounded px-2 py-1 text-xs text-red-700 hover:bg-red-50 disabled:opacity-50 dark:text-red-400 dark:hover:bg-red-950"
        >
          Delete
        </button>
      ) : null}
    </li>
  );
}
