"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { deleteProviderAction, setProviderEnabledAction } from "@/lib/models/admin/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";

/** Disable (its models leave every picker), enable, or delete a provider. */
export function ProviderActions({
  providerId,
  name,
  enabled,
  modelCount,
}: {
  providerId: string;
  name: string;
  enabled: boolean;
  modelCount: number;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-2">
      <FormMessage error={error} />
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await setProviderEnabledAction({ providerId, enabled: !enabled });
              setError(result.ok ? undefined : result.error.message);
              if (result.ok) router.refresh();
            })
          }
        >
          {enabled ? "Disable provider" : "Enable provider"}
        </Button>
        <Button variant="danger" disabled={pending} onClick={() => setConfirming(true)}>
          Delete provider
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete provider?"
        confirmLabel="Delete provider"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          startTransition(async () => {
            const result = await deleteProviderAction({ providerId });
            if (result.ok) router.push("/admin/models");
            else setError(result.error.message);
          });
        }}
        body={
          <p>
            This deletes <strong>{name}</strong>, its stored key and its {modelCount} model(s). Past answers
            keep the model id they were made with.
          </p>
        }
      />
    </div>
  );
}
