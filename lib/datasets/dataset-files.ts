import "server-only";
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
