import "server-only";
import type { z } from "zod";
import { notFound } from "../errors/app-error";
import type { DatasetFileEntry } from "./storage";

// Dataset.files is JSON written only by save-dataset.ts; read back defensively all the same.
export function datasetFiles(files: unknown): DatasetFileEntry[] {
  if (!Array.isArray(files)) return [];
  return files.filter(
    (entry): entry is DatasetFileEntry =>
      typeof entry === "object" &&
      entry !== null &&
      typeof (entry as DatasetFileEntry).name === "string" &&
      ["train", "validation", "summary"].includes((entry as DatasetFileEntry).split),
  );
}

/** Reads input naming a dataset; a malformed id is a dataset that does not exist, not a form error. */
export function parseDatasetRef<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw notFound("Dataset not found.");
  return parsed.data;
}
