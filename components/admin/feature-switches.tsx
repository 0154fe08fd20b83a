"use client";

import { useId, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { updateFeatureSettingsAction } from "@/lib/settings/actions";
import type { FeatureSettings } from "@/lib/settings/app-settings";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/**
 * Admin → Models → "Playground, arena and leaderboard": who may use the playground, how often the
 * chat asks for a blind vote, and whether users see the leaderboard. Saved with one button (each
 * change is audited as settings.features); the server checks every value again.
 */
export function FeatureSwitches({ initial }: { initial: FeatureSettings }) {
  const router = useRouter();
  const [adminsOnly, setAdminsOnly] = useState(initial.playgroundAdminsOnly);
  // Text, so a half-typed or empty value stays as typed and the server's message explains it.
  const [share, setShare] = useState(String(initial.arenaSharePercent));
  const [leaderboard, setLeaderboard] = useState(initial.leaderboardPublic);
  const [message, setMessage] = useState<{ error?: string; success?: string }>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const changed = () => setMessage({});

  return (
    <form
      className="flex max-w-xl flex-col gap-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          const result = await updateFeatureSettingsAction({
            playgroundAdminsOnly: adminsOnly,
            // An empty box is sent as NaN, which the server refuses with the field's message.
            arenaSharePercent: share.trim() === "" ? Number.NaN : Number(share),
            leaderboardPublic: leaderboard,
          });
          if (result.ok) {
            setFieldErrors({});
            setShare(String(result.data.arenaSharePercent));
            setMessage({ success: "Playground, arena and leaderboard settings saved." });
            router.refresh();
          } else {
            setFieldErrors(result.error.fieldErrors ?? {});
            setMessage({ error: result.error.message });
          }
        });
      }}
    >
      <Switch
        label="Playground for admins only"
        description="Off: every signed-in user who may use a model has the playground."
        checked={adminsOnly}
        onChange={(checked) => {
          setAdminsOnly(checked);
          changed();
        }}
      />
      <div className="max-w-56">
        <Field
          label="Blind arena share"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          name="arenaSharePercent"
          value={share}
          error={fieldErrors.arenaSharePercent}
          hint="The share (0–100 %) of new chat turns answered by two anonymous models, side by side, for a vote. 0 = off."
          onChange={(event) => {
            setShare(event.target.value);
            changed();
          }}
        />
      </div>
      <Switch
        label="Show the leaderboard to users"
        description="Off: only admins see it (Admin → Leaderboard)."
        checked={leaderboard}
        onChange={(checked) => {
          setLeaderboard(checked);
          changed();
        }}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save
        </Button>
      </div>
      <FormMessage error={message.error} success={message.success} />
    </form>
  );
}

/** A checkbox named by its label alone, with its explanation as the description. */
function Switch({
  label,
  description,
  checked,
  onChange,
}: {
  label: string;
  description: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2 text-sm">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5"
        checked={checked}
        aria-describedby={`${id}-description`}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div>
        <label htmlFor={id} className="font-medium">
          {label}
        </label>
        <p id={`${id}-description`} className="text-zinc-600 dark:text-zinc-400">
          {description}
        </p>
      </div>
    </div>
  );
}
