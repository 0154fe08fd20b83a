import type { PromotionView } from "@/lib/models/admin/promotion";
import { UndoPromotionButton } from "./promote-button";

const when = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

/** Who promoted which model when, from which default, and whether it was undone. */
export function PromotionHistory({ promotions }: { promotions: PromotionView[] }) {
  if (promotions.length === 0) return <p className="text-sm text-zinc-500">No promotions yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Promotions, newest first</caption>
      <thead className="text-zinc-500">
        <tr>
          <th className="py-1 pr-3 font-medium">When</th>
          <th className="py-1 pr-3 font-medium">Who</th>
          <th className="py-1 pr-3 font-medium">From → to</th>
          <th className="py-1 pr-3 font-medium">Undone</th>
        </tr>
      </thead>
      <tbody>
        {promotions.map((p) => (
          <tr key={p.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
            <td className="py-1 pr-3 whitespace-nowrap">{when(p.createdAt)}</td>
            <td className="py-1 pr-3">{p.promotedBy ?? "—"}</td>
            <td className="py-1 pr-3 font-mono">
              {p.previousDefaultId ?? "DEFAULT_MODEL setting"} → {p.modelId}
            </td>
            <td className="py-1 pr-3">
              {p.undoneAt ? (
                `${when(p.undoneAt)} by ${p.undoneBy ?? "—"}`
              ) : p.undoable ? (
                <UndoPromotionButton promotionId={p.id} />
              ) : (
                "No"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
