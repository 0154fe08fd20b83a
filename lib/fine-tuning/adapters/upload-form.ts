// A multipart form whose file part is read from disk as it is sent (fs.openAsBlob), so a large dataset
// file is never held in memory whole.
import "server-only";
import { openAsBlob } from "node:fs";
import type { FineTuneFile } from "./types";

export async function formWithFile(
  file: FineTuneFile,
  fileField: string,
  fields: Record<string, string>,
): Promise<FormData> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const blob = await openAsBlob(file.path, { type: "application/jsonl" });
  form.append(fileField, blob, file.name);
  return form;
}
