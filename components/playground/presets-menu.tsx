"use client";

import { useCallback, useEffect, useId, useRef, useState, useTransition } from "react";
import { deletePresetAction, listPresetsAction, sharePresetAction } from "@/lib/playground/preset-actions";
import type { PresetList, PresetView } from "@/lib/playground/presets";
import type { PlaygroundSettings } from "@/lib/playground/schemas";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PresetsPanel } from "./presets-panel";
import { PresetsSaveDialog } from "./presets-save-dialog";

/**
 * The playground's presets: "Save preset" (the current set-up, under a name) and "Presets", the
 * user's saved set-ups and those admins shared; choosing one hands its settings to `onLoad`. Reads and
 * writes through server actions, so it needs nothing from the page but its props.
 */
export function PresetsMenu({
  settings,
  onLoad,
}: {
  settings: PlaygroundSettings;
  onLoad: (settings: PlaygroundSettings) => void;
}) {
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<PresetList | null>(null);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState("");
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<PresetView | null>(null);
  /** The preset last loaded or saved: "Save preset" offers its name again. */
  const [current, setCurrent] = useState("");
  const [pending, startTransition] = useTransition();

  const refresh = useCallback(
    () =>
      startTransition(async () => {
        const result = await listPresetsAction();
        if (result.ok) setList(result.data);
        setError(result.ok ? undefined : result.error.message);
      }),
    [],
  );

  // The list is read when first opened (a visit that never opens it costs nothing), then kept.
  useEffect(() => {
    if (open && list === null) refresh();
  }, [open, list, refresh]);

  // A disclosure, not a modal: Escape or a click outside closes it.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !saving && !deleting) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, saving, deleting]);

  const act = (work: () => Promise<{ ok: boolean; error?: { message: string } }>, done: string) =>
    startTransition(async () => {
      const result = await work();
      setError(result.ok ? undefined : result.error?.message);
      if (result.ok) setStatus(done);
      // Read again either way: a failure puts back what an optimistic change showed.
      const next = await listPresetsAction();
      if (next.ok) setList(next.data);
    });

  return (
    <div ref={root} className="relative flex flex-wrap items-center gap-2">
      <Button type="button" variant="secondary" onClick={() => setSaving(true)}>
        Save preset
      </Button>
      <Button
        type="button"
        variant="secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        Presets
      </Button>
      <span role="status" className="sr-only">
        {status}
      </span>
      {open ? (
        <PresetsPanel
          id={panelId}
          list={list}
          error={error}
          busy={pending}
          onLoad={(preset) => {
            onLoad(preset.settings);
            setCurrent(preset.mine ? preset.name : "");
            setStatus(`Loaded preset ${preset.name}.`);
            setOpen(false);
          }}
          onDelete={setDeleting}
          onShare={(preset, shared) => {
            // The box shows the new state at once (a checkbox that springs back while the server
            // answers reads as broken); the list read after the change confirms or undoes it.
            setList(
              (now) =>
                now && {
                  ...now,
                  presets: now.presets.map((p) => (p.id === preset.id ? { ...p, shared } : p)),
                },
            );
            act(
              () => sharePresetAction({ presetId: preset.id, shared }),
              shared ? `${preset.name} is shared with everyone.` : `${preset.name} is no longer shared.`,
            );
          }}
        />
      ) : null}
      <PresetsSaveDialog
        open={saving}
        settings={settings}
        initialName={current}
        onClose={() => setSaving(false)}
        onSaved={(preset) => {
          setSaving(false);
          setCurrent(preset.name);
          setStatus(`Saved preset ${preset.name}.`);
          // The next opening reads the list again, with the new preset in it.
          setList(null);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete preset?"
        body={
          <>
            This deletes the preset <strong>{deleting?.name}</strong>
            {deleting?.shared ? ", which everyone sees," : ""}. It cannot be undone.
          </>
        }
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const preset = deleting;
          setDeleting(null);
          if (preset)
            act(() => deletePresetAction({ presetId: preset.id }), `Deleted preset ${preset.name}.`);
        }}
      />
    </div>
  );
}
