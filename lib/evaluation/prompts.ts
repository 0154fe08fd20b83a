import "server-only";
import { readFile } from "node:fs/promises";
import { AppError } from "../errors/app-error";
import { datasetFilePath, type DatasetFileEntry } from "../datasets/storage";
import { FORMAT_IDS, type FormatId } from "../export/types";
import { promptsOfFile, type ValidationPrompt } from "./prompt-lines";

/** The most prompts one evaluation replays: enough for a clear interval, bounded in cost. */
export const MAX_PROMPTS = 500;

type DatasetFiles = { id: string; format: string; files: unknown };

/** The dataset's validation file entry, or null: a held-out replay never reads the training file. */
export function validationFile(dataset: Pick<DatasetFiles, "files">): DatasetFileEntry | null {
  const files = Array.isArray(dataset.files) ? (dataset.files as DatasetFileEntry[]) : [];
  return files.find((file) => file?.split === "validation" && file.rows > 0) ?? null;
}

/**
 * The prompts of a dataset's validation split ([{ messages: [{ role, content }] }]), deduplicated and
 * at most MAX_PROMPTS. A dataset without one is a VALIDATION error on the `datasetId` field.
 */
export async function validationPrompts(dataset: DatasetFiles): Promise<ValidationPrompt[]> {
  const file = validationFile(dataset);
  const noSplit = (why: string) => new AppError("VALIDATION", why, { datasetId: why });
  if (!file) throw noSplit("This dataset has no validation split: save it again with a validation share.");
  if (!(FORMAT_IDS as readonly string[]).includes(dataset.format)) {
    throw noSplit(`This dataset's format "${dataset.format.slice(0, 40)}" is not one Flywheel exports.`);
  }
  let content: string;
  try {
    content = await readFile(datasetFilePath(dataset.id, file.name), "utf8");
  } catch {
    throw noSplit("This dataset's validation file is missing on disk: save the dataset again.");
  }
  const prompts = promptsOfFile(dataset.format as FormatId, content, MAX_PROMPTS);
  if (prompts.length === 0) throw noSplit("This dataset's validation file holds no prompt to replay.");
  return prompts;
}
