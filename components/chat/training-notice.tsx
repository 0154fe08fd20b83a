import Link from "next/link";
import { trainingUse } from "@/lib/feedback/consent";

/**
 * Says plainly when a conversation will not be used for training, by the same rule export applies
 * (lib/feedback/consent). Ratings still work there: they feed quality dashboards, not datasets.
 */
export function TrainingNotice({
  temporary,
  trainingConsent,
}: {
  temporary: boolean;
  trainingConsent: boolean;
}) {
  const use = trainingUse({ temporary, deleted: false, userConsent: trainingConsent });
  if (use.usable) return null;
  return (
    <p
      role="note"
      aria-label="Not used for training"
      className="mx-auto mb-1 w-full max-w-3xl px-4 text-center text-xs text-zinc-500"
    >
      {temporary ? (
        "Temporary chat: not shown in your history, deleted after a day, and never used to train models."
      ) : (
        <>
          Not used for training: you turned off “Use my conversations to improve models” in{" "}
          <Link href="/settings" className="underline">
            Settings
          </Link>
          .
        </>
      )}
    </p>
  );
}
