import type { Metadata } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { evaluationFormOptions } from "@/lib/evaluation/evaluations";
import { NewEvaluationForm } from "@/components/admin/evaluations/new-evaluation-form";

export const metadata: Metadata = { title: "New evaluation" };

export default async function NewEvaluationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { candidate } = await searchParams;
  const options = await evaluationFormOptions(
    await currentActor(),
    typeof candidate === "string" ? candidate : undefined,
  );
  return (
    <main className="flex flex-col gap-4">
      <Link href="/admin/evaluations" className="text-sm underline">
        ← Evaluations
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight">New evaluation</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Both models answer every prompt of the dataset&apos;s validation split (never its training file); each
        pair is then judged blind.
      </p>
      {options.datasets.length === 0 ? (
        <p className="text-sm">
          No dataset has a validation split yet: save a dataset with a validation share first.
        </p>
      ) : null}
      <NewEvaluationForm models={options.models} datasets={options.datasets} defaults={options.defaults} />
    </main>
  );
}
