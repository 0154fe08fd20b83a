"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { deleteDatasetAction } from "@/lib/datasets/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";

/** Delete, after a confirmation: the files and the row go; jobs trained on it keep its hash. */
export function DeleteDataset({ datasetId, name }: { datasetId: string; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-2">
      <FormMessage error={error} />
      <Button variant="danger" disabled={pending} onClick={() => setConfirming(true)}>
        Delete dataset
      </Button>
      <ConfirmDialog
        open={confirming}
        title="Delete dataset?"
        confirmLabel="Delete dataset"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          startTransition(async () => {
            const result = await deleteDatasetAction({ datasetId });
            if (result.ok) router.push("/admin/datasets");
            else setError(result.error.message);
          });
        }}
        body={
          <p>
            This deletes <strong>{name}</strong> and its files. Fine-tuning jobs and models made from it keep
            its SHA-256 in their lineage.
          </p>
        }
      />
    </div>
  );
}
