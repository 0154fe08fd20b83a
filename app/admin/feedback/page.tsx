import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors/app-error";
import { FILTER_KEYS, filterQuery } from "@/lib/admin/feedback-filters";
import { listInput } from "@/components/admin/list/search-params";
import { listFeedback, listFeedbackModels, type FeedbackPage } from "@/lib/admin/feedback-list";
import { FeedbackFilterForm } from "@/components/admin/feedback/filter-form";
import { FeedbackTable } from "@/components/admin/feedback/feedback-table";
import { Pager } from "@/components/admin/list/pager";

export const metadata: Metadata = { title: "Feedback" };

export default async function AdminFeedbackPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await currentActor();
  const raw = listInput(await searchParams, FILTER_KEYS);
  let page: FeedbackPage = { rows: [], older: null, newer: null };
  let problem: string | null = null;
  try {
    page = await listFeedback(actor, raw);
  } catch (error) {
    // A filter that makes no sense (a bad date, a 10 kB search) is explained, not a 500.
    if (!(error instanceof AppError) || error.code !== "VALIDATION") throw error;
    problem = error.message;
  }
  const models = await listFeedbackModels(actor);
  const query = filterQuery(raw);
  const { after: _after, before: _before, ...filters } = raw;
  return (
    <main className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Feedback</h1>
      <FeedbackFilterForm values={raw} models={models} />
      {raw.user ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Showing one user&apos;s ratings.{" "}
          <Link className="underline" href={`/admin/feedback?${filterQuery({ ...raw, user: "" })}`}>
            All users
          </Link>
        </p>
      ) : null}
      {problem ? (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {problem}
        </p>
      ) : null}
      <FeedbackTable rows={page.rows} query={query} />
      <Pager path="/admin/feedback" filters={filters} newer={page.newer} older={page.older} />
    </main>
  );
}
