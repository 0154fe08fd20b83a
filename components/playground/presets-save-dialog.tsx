"use client";

import { useEffect, useId, useRef, useState, useTransition } from "react";
import { savePresetAction } from "@/lib/playground/preset-actions";
import type { PresetView } from "@/lib/playground/presets";
import { PLAYGROUND_LIMITS, type PlaygroundSettings } from "@/lib/playground/schemas";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

type State = { nameError?: string; formError?: string; replace?: string };

/**
 * "Save preset": asks for a name and saves the set-up. A name the user already has asks again
 * ("Replace") before it overwrites that preset. Open while `open`.
 */
export function PresetsSaveDialog({
  open,
  settings,
  initialName,
  onSaved,
  onClose,
}: {
  open: boolean;
  settings: PlaygroundSettings;
  initialName: string;
  onSaved: (preset: PresetView) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [name, setName] = useState(initialName);
  const [state, setState] = useState<State>({});
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setName(initialName);
      setState({});
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, initialName]);

  const save = (overwrite: boolean) =>
    startTransition(async () => {
      const result = await savePresetAction({ name, settings, overwrite });
      if (result.ok) {
        onSaved(result.data);
        return;
      }
      const { code, message, fieldErrors = {} } = result.error;
      if (code === "CONFLICT") {
        setState({ replace: message });
        return;
      }
      // Errors in the set-up itself (a parameter out of range…) are the playground form's to show;
      // here they say why the preset was not saved.
      setState({
        nameError: fieldErrors.name,
        formError: fieldErrors.name ? undefined : `The preset was not saved: ${message}`,
      });
    });

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(24rem,calc(100%-2rem))] rounded-xl border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          save(false);
        }}
      >
        <h2 id={titleId} className="text-base font-semibold">
          Save preset
        </h2>
        <Field
          label="Preset name"
          name="name"
          value={name}
          maxLength={PLAYGROUND_LIMITS.presetNameChars}
          autoComplete="off"
          error={state.nameError}
          onChange={(event) => {
            setName(event.target.value);
            setState({});
          }}
        />
        <FormMessage error={state.formError} />
        {state.replace ? (
          <div role="alert" className="flex flex-col gap-2 text-sm">
            <p>{state.replace} Replace its settings with these?</p>
            <div className="flex justify-end gap-2">
              <Button type="button" variant="danger" disabled={pending} onClick={() => save(true)}>
                Replace
              </Button>
            </div>
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending || state.replace !== undefined}>
            Save
          </Button>
        </div>
      </form>
    </dialog>
  );
}
