import "server-only";
// Where a saved dataset's files live: <DATASETS_DIR or FLYWHEEL_DATA_DIR/datasets>/<dataset id>/<file>.
// Every reader and writer of dataset files goes through here, so the layout is in one place.
import path from "node:path";
import { env } from "../env";

/** The directory holding every dataset's own directory (absolute). */
export function datasetsRoot(): string {
  const settings = env();
  const configured = settings.DATASETS_DIR?.trim();
  return path.resolve(configured ? configured : path.join(settings.FLYWHEEL_DATA_DIR, "datasets"));
}

/** One dataset's directory. The id is a UUID from the database, never user input. */
export function datasetDirectory(datasetId: string): string {
  if (!/^[0-9a-f-]{36}$/i.test(datasetId)) throw new Error(`Not a dataset id: ${datasetId}`);
  return path.join(datasetsRoot(), datasetId.toLowerCase());
}

/** A file of a dataset, by the name its `files` entry records. */
export function datasetFilePath(datasetId: string, fileName: string): string {
  if (fileName !== path.basename(fileName) || fileName.startsWith(".")) {
    throw new Error(`Not a dataset file name: ${fileName}`);
  }
  return path.join(datasetDirectory(datasetId), fileName);
}

/** An entry of Dataset.files. */
export type DatasetFileEntry = {
  name: string;
  split: "train" | "validation" | "summary";
  bytes: number;
  sha256: string;
  rows: number;
};
