import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { listFeedbackModels } from "@/lib/admin/feedback-list";
import { previewExport } from "@/lib/export/pipeline/admin-export";
import { exportInputFromParams } from "@/lib/export/export-input";
import { FormMessage } from "@/components/ui/form-message";
import { loadList } from "@/components/admin/list/load-list";
import type { SearchParams } from "@/components/admin/list/search-params";
import { ExportForm } from "@/components/admin/export/export-form";
import { ExportPreviewView } from "@/components/admin/export/export-preview";

export const metadata: Metadata = { title: "Export" };

export default async function AdminExportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await currentActor();
  const input = exportInputFromParams(await searchParams);
  const models = await loadList(() => listFeedbackModels(actor));
  // The form is a GET form: a submitted one (it always sends a format) asks for a preview.
  const result = input.format === undefined ? null : await loadList(() => previewExport(actor, input));
  return (
    <main className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Export</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Training data from rated answers, as JSON Lines for fine-tuning tools. Only conversations that still
          exist, are not temporary and whose owner allows training use; ratings excluded by an admin never go
          out. Every download is recorded in the audit log.
        </p>
      </div>
      <ExportForm values={input} models={models.data ?? []} submitted={input.format !== undefined} />
      {result?.error ? <FormMessage error={result.error} /> : null}
      {result?.data ? <ExportPreviewView preview={result.data} /> : null}
    </main>
  );
}
