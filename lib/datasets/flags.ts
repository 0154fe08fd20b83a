import "server-only";
import { db } from "../db/client";
import { refreshDatasetFlagsSql } from "./flags-sql";

export { flagDatasetsOfConversationSql, flagDatasetsOfUserSql, FLAG_REASONS } from "./flags-sql";

/**
 * Flags every dataset holding withdrawn data that is not flagged yet. Run before datasets are listed,
 * shown or trained on: whatever path removed the data (a hard delete, a purge, a path added later),
 * a flagged dataset never reaches a trainer. Returns how many datasets it flagged.
 */
export async function refreshDatasetFlags(): Promise<number> {
  return db().$executeRaw(refreshDatasetFlagsSql());
}
