import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { listEvaluations } from "@/lib/evaluation/evaluation-view";
import { formatUsd } from "@/components/admin/evaluations/format";

export const metadata: Metadata = { title: "Evaluations" };

export default async function EvaluationsPage() {
  const evaluations = await listEvaluations(await currentActor());
  return (
    <main className="flex flex-col gap-4">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold tracking-tight">Evaluations</h1>
        <div className="flex gap-4">
          <Link href="/admin/evaluations/live" className="text-sm underline">
            Live traffic trial
          </Link>
          <Link href="/admin/evaluations/new" className="text-sm underline">
            New evaluation
          </Link>
        </div>
      </div>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Held-out replays: a candidate and a baseline answer the prompts of a dataset&apos;s validation split,
        judged blind by admins or a judge model. A live traffic trial sends a share of new chats to a
        candidate instead and compares its ratings with the baseline&apos;s.
      </p>
      {evaluations.length === 0 ? (
        <p className="text-sm">No evaluation yet. Start one from a model&apos;s page (“Evaluate”) or here.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th className="py-2">Candidate</th>
              <th>Baseline</th>
              <th>Judge</th>
              <th>Status</th>
              <th>Progress</th>
              <th>Spent</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {evaluations.map((e) => (
              <tr key={e.id} className="border-b border-zinc-100 dark:border-zinc-900">
                <td className="py-2">
                  <Link href={`/admin/evaluations/${e.id}`} className="underline">
                    {e.candidateName}
                  </Link>
                </td>
                <td>{e.baselineName}</td>
                <td>{e.judge === "model" ? e.judgeModelId : "Admins"}</td>
                <td>{e.status}</td>
                <td>
                  {e.counts.judged} judged · {e.counts.answered + e.counts.judged} answered of{" "}
                  {e.counts.total}
                </td>
                <td>{formatUsd(e.spentUsd)}</td>
                <td>{e.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
