"use client";

import { useState, useTransition } from "react";
import { revokeApiKeyAction } from "@/lib/api-keys/actions";
import type { ApiKeySummary } from "@/lib/api-keys/api-keys";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

/**
 * "Revoke <name>" for one key, in Settings (the owner's keys) and Admin → Users (anyone's): the same
 * action, which decides in lib/ whether the caller may; a refusal shows beside the button.
 */
export function RevokeKeyButton({
  apiKey,
  onRevoked,
  className = "px-2 py-1",
}: {
  apiKey: ApiKeySummary;
  onRevoked: (key: ApiKeySummary) => void;
  className?: string;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        className={className}
        aria-label={`Revoke ${apiKey.name}`}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await revokeApiKeyAction({ keyId: apiKey.id });
            if (result.ok) onRevoked(result.data);
            else setError(result.error.message);
          })
        }
      >
        Revoke
      </Button>
      <FormMessage error={error} />
    </>
  );
}
