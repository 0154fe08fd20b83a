import "server-only";
// The one way training reaches a dataset's files (lib/fine-tuning, lib/evaluation): it re-checks the
// withdrawn-data flag first, so no new training starts on data someone has taken back.
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import type { ExportRequest } from "../export/export-input";
import type { FormatId } from "../export/types";
import type { FineTuneFile } from "../fine-tuning/adapters/types";
import { datasetFiles } from "./dataset-files";
import { refreshDatasetFlags } from "./flags";
import { datasetFilePath } from "./storage";

export const FLAGGED_DATASET_MESSAGE = "This dataset contains withdrawn data — rebuild it before training.";

export type TrainableDataset = {
  dataset: {
    id: string;
    name: string;
    format: FormatId;
    sha256: string;
    request: ExportRequest;
    trainRows: number;
    validationRows: number;
  };
  train: FineTuneFile;
  validation: FineTuneFile | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A dataset's training and validation files, for a caller that has already checked the admin.
 * Not found: NOT_FOUND. Flagged (now or by this call's refresh): CONFLICT with a `datasetId` field error.
 */
export async function datasetForTraining(datasetId: string): Promise<TrainableDataset> {
  if (!UUID.test(datasetId)) throw notFound("Dataset not found.");
  await refreshDatasetFlags();
  const row = await db().dataset.findUnique({ where: { id: datasetId } });
  if (!row) throw notFound("Dataset not found.");
  if (row.flaggedAt) {
    throw new AppError("CONFLICT", FLAGGED_DATASET_MESSAGE, { datasetId: FLAGGED_DATASET_MESSAGE });
  }
  const files = datasetFiles(row.files);
  const fileOf = (split: "train" | "validation"): FineTuneFile | null => {
    const entry = files.find((file) => file.split === split);
    if (!entry) return null;
    return {
      name: entry.name,
      path: datasetFilePath(row.id, entry.name),
      bytes: entry.bytes,
      rows: entry.rows,
    };
  };
  const train = fileOf("train");
  if (!train) throw new AppError("CONFLICT", "This dataset has no training file.");
  return {
    dataset: {
      id: row.id,
      name: row.name,
      format: row.format as FormatId,
      sha256: row.sha256,
      request: row.request as unknown as ExportRequest,
      trainRows: row.trainRows,
      validationRows: row.validationRows,
    },
    train,
    validation: fileOf("validation"),
  };
}
