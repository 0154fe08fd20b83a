"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { cancelEvaluationAction } from "@/lib/evaluation/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function CancelEvaluationButton({ evaluationId }: { evaluationId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | undefined>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-1">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await cancelEvaluationAction({ evaluationId });
            if (!result.ok) return setError(result.error.message);
            router.refresh();
          })
        }
      >
        Cancel evaluation
      </Button>
      <FormMessage error={error} />
    </div>
  );
}
