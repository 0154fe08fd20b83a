import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { reviewQueue } from "@/lib/evaluation/review";
import { loadOr404 } from "@/components/admin/models/load-or-404";
import { ReviewPairView } from "@/components/admin/evaluations/review-pair";

export const metadata: Metadata = { title: "Review queue" };

export default async function ReviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await currentActor();
  const { id } = await params;
  const { item } = await searchParams;
  const queue = await loadOr404(() => reviewQueue(actor, id, typeof item === "string" ? item : undefined));
  return (
    <main className="flex flex-col gap-4">
      <Link href={`/admin/evaluations/${id}`} className="text-sm underline">
        ← Results
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">Review queue</h1>
      <p className="text-sm" role="status">
        {queue.judged} of {queue.total} pairs judged
      </p>
      {queue.pair ? (
        <ReviewPairView key={queue.pair.itemId} pair={queue.pair} />
      ) : (
        <p className="text-sm">
          Nothing left to judge.{" "}
          <Link href={`/admin/evaluations/${id}`} className="underline">
            See the results
          </Link>
          .
        </p>
      )}
    </main>
  );
}
