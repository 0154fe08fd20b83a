"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { promoteModelAction, undoPromotionAction } from "@/lib/evaluation/trial/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/**
 * "Promote to default": the model becomes the default for new chats (enabled first if disabled). On
 * success the refreshed page shows the promotion in place of this button; only an error shows here.
 */
export function PromoteButton({ modelId, disabled = false }: { modelId: string; disabled?: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-2">
      <div>
        <Button
          type="button"
          disabled={pending || disabled}
          onClick={() =>
            startTransition(async () => {
              const result = await promoteModelAction({ modelId });
              setError(result.ok ? undefined : result.error.message);
              if (result.ok) router.refresh();
            })
          }
        >
          Promote to default
        </Button>
      </div>
      <FormMessage error={error} />
    </div>
  );
}

/** Undoes the latest promotion: the previous default comes back. */
export function UndoPromotionButton({ promotionId }: { promotionId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex flex-col gap-1">
      <Button
        type="button"
        variant="secondary"
        className="px-2 py-1"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await undoPromotionAction({ promotionId });
            setError(result.ok ? undefined : result.error.message);
            if (result.ok) router.refresh();
          })
        }
      >
        Undo promotion
      </Button>
      <FormMessage error={error} />
    </span>
  );
}
