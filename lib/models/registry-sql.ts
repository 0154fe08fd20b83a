import "server-only";
import { namedStatement } from "../db/named-statement";

// The model registry's version (RegistryState, one row): every change to Provider or ModelConfig bumps
// it in the same transaction, and each instance compares it with the version it last read.

/** The version and the admin's default model. */
export const READ_REGISTRY_STATE = namedStatement(
  "models.read-registry-state",
  `SELECT "version", "defaultModelId" FROM "RegistryState" WHERE "id" = 1`,
);

/** Bumps the version; run inside the transaction that changed the registry. */
export const BUMP_REGISTRY_VERSION = `UPDATE "RegistryState" SET "version" = "version" + 1 WHERE "id" = 1`;
