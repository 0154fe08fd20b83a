import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { getFeedbackDetail } from "@/lib/admin/feedback-detail";
import { feedbackNeighbours } from "@/lib/admin/feedback-list";
import { FILTER_KEYS, filterQuery } from "@/lib/admin/feedback-filters";
import { listInput } from "@/components/admin/list/search-params";
import { EXCLUSION_LABELS } from "@/lib/feedback/consent";
import { ConversationView } from "@/components/admin/feedback/conversation-view";
import { FeedbackFacts } from "@/components/admin/feedback/feedback-facts";
import { TriagePanel } from "@/components/admin/feedback/triage-panel";
import { CorrectionEditor } from "@/components/admin/feedback/correction-editor";

export const metadata: Metadata = { title: "Feedback detail" };

export default async function FeedbackDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await currentActor();
  const { id } = await params;
  // Next/previous stay within the list's filter, carried in the query string.
  const { after: _after, before: _before, ...filters } = listInput(await searchParams, FILTER_KEYS);
  const query = filterQuery(filters);
  let detail;
  try {
    detail = await getFeedbackDetail(actor, id);
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
  const neighbours = await feedbackNeighbours(actor, detail.id, filters).catch(() => ({
    newer: null,
    older: null,
  }));
  const href = (target: string | null) =>
    target ? `/admin/feedback/${target}${query ? `?${query}` : ""}` : null;
  const olderHref = href(neighbours.older);
  const newerHref = href(neighbours.newer);
  return (
    <main className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Link href={`/admin/feedback${query ? `?${query}` : ""}`} className="text-sm underline">
          ← Back to the list
        </Link>
        <nav aria-label="Within this filter" className="flex gap-3 text-sm">
          {newerHref ? (
            <Link href={newerHref} className="underline" aria-keyshortcuts="k">
              Previous
            </Link>
          ) : null}
          {olderHref ? (
            <Link href={olderHref} className="underline" aria-keyshortcuts="j">
              Next
            </Link>
          ) : null}
        </nav>
      </div>
      <h1 className="text-2xl font-semibold tracking-tight">{detail.conversation.title}</h1>
      {!detail.trainingUse.usable ? (
        <p
          role="note"
          aria-label="Not usable for training"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          Not usable for training: {detail.trainingUse.exclusions.map((e) => EXCLUSION_LABELS[e]).join("; ")}.
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <ConversationView detail={detail} />
        <div className="flex flex-col gap-4">
          <TriagePanel
            feedbackId={detail.id}
            initial={{
              reviewStatus: detail.reviewStatus,
              reviewNote: detail.reviewNote,
              reviewedAt: detail.reviewedAt,
            }}
            olderHref={olderHref}
            newerHref={newerHref}
          />
          <FeedbackFacts detail={detail} />
        </div>
      </div>
      <CorrectionEditor
        key={detail.id}
        feedbackId={detail.id}
        original={detail.answer.text}
        history={detail.corrections}
      />
    </main>
  );
}
