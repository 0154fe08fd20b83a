"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { saveDatasetAction } from "@/lib/datasets/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

/**
 * "Save as dataset" beside the download: the same request (the canonical query string of what the
 * page previews) is run in full on the server and kept as an immutable snapshot.
 */
export function SaveDatasetForm({ query, defaultName }: { query: string; defaultName: string }) {
  const [name, setName] = useState(defaultName);
  const [error, setError] = useState<{ message: string; name?: string }>();
  const [saved, setSaved] = useState<{ id: string; rows: number }>();
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(undefined);
        startTransition(async () => {
          const result = await saveDatasetAction({ name, query });
          if (result.ok) {
            setError(undefined);
            setSaved({ id: result.data.datasetId, rows: result.data.trainRows + result.data.validationRows });
          } else {
            setError({ message: result.error.message, name: result.error.fieldErrors?.name });
          }
        });
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-64 flex-1">
          <Field
            label="Dataset name"
            name="name"
            value={name}
            maxLength={120}
            onChange={(event) => setName(event.target.value)}
            error={error?.name}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save as dataset"}
        </Button>
      </div>
      {error && !error.name ? <FormMessage error={error.message} /> : null}
      {saved ? (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          Saved {saved.rows} rows.{" "}
          <Link href={`/admin/datasets/${saved.id}`} className="underline">
            Open the dataset
          </Link>
        </p>
      ) : null}
    </form>
  );
}
