"use client";

import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { cancelJobAction, registerJobModelAction, resumeJobAction } from "@/lib/fine-tuning/actions";
import { Button } from "@/components/ui/button";
import { formText } from "./form-text";
import { FormMessage } from "@/components/ui/form-message";
import { SelectField } from "@/components/admin/models/select-field";

/** Re-reads the page every few seconds while the poller is still following the job. */
export function RefreshWhileActive({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), 3_000);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}

/** Cancel, Resume polling and Register, each shown only when it applies. */
export function JobActions({
  jobId,
  canCancel,
  canResume,
  needsProvider,
  providers,
}: {
  jobId: string;
  canCancel: boolean;
  canResume: boolean;
  needsProvider: boolean;
  providers: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  const run = (work: () => Promise<{ ok: boolean; error?: { message: string } }>) =>
    startTransition(async () => {
      const result = await work();
      if (!result.ok) setError(result.error?.message);
      else {
        setError(undefined);
        router.refresh();
      }
    });
  return (
    <div className="flex flex-col gap-3">
      <FormMessage error={error} />
      <div className="flex flex-wrap gap-2">
        {canCancel ? (
          <Button variant="danger" disabled={pending} onClick={() => run(() => cancelJobAction({ jobId }))}>
            Cancel
          </Button>
        ) : null}
        {canResume ? (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => run(() => resumeJobAction({ jobId }))}
          >
            Resume polling
          </Button>
        ) : null}
      </div>
      {needsProvider ? (
        <form
          aria-label="Register the model"
          className="flex max-w-xl flex-col gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const providerId = formText(new FormData(event.currentTarget), "providerId");
            run(() => registerJobModelAction({ jobId, providerId }));
          }}
        >
          <p className="text-sm">
            The model is trained, but no provider in Admin → Models is known to serve it. Deploy it on the
            service (Together and Fireworks need a deployment step), add or pick the provider that serves it,
            then register it here. It is added disabled, with its lineage.
          </p>
          <SelectField label="Serving provider" name="providerId">
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <div>
            <Button type="submit" disabled={pending || providers.length === 0}>
              Register
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
