import "server-only";
import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import { listPromotions } from "@/lib/models/admin/promotion";
import { PromoteButton } from "./promote-button";
import { PromotionHistory } from "./promotion-history";

/**
 * The model page's part of the loop: promote it to default (or undo its promotion), and try it on live
 * traffic first. Its own section, so other panels can sit beside it on the page.
 */
export async function PromotePanel({
  actor,
  modelId,
  isDefault,
}: {
  actor: Actor;
  modelId: string;
  isDefault: boolean;
}) {
  const promotions = (await listPromotions(actor)).filter((p) => p.modelId === modelId);
  return (
    <section aria-labelledby="promote-heading" className="flex flex-col gap-2">
      <h2 id="promote-heading" className="text-lg font-semibold">
        Promotion
      </h2>
      {isDefault ? (
        <p className="text-sm">This model is the default for new chats.</p>
      ) : (
        <PromoteButton modelId={modelId} />
      )}
      <Link
        href={`/admin/evaluations/live?candidate=${encodeURIComponent(modelId)}`}
        className="text-sm underline"
      >
        Try it on live traffic first
      </Link>
      {promotions.length > 0 ? <PromotionHistory promotions={promotions} /> : null}
    </section>
  );
}
