"use client";

import { useState, useTransition } from "react";
import { signOutEverywhereAction } from "@/lib/users/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";

export function SignOutEverywhere() {
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Ends every session of your account, on every browser and device, this one included.
      </p>
      <FormMessage error={error} />
      <div>
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await signOutEverywhereAction();
              // On success the action redirects to sign-in; we only get here on failure.
              if (result && !result.ok) setError(result.error.message);
            })
          }
        >
          Sign out of all devices
        </Button>
      </div>
    </div>
  );
}
