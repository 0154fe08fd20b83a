import "server-only";
import type { Prisma } from "../db/generated/client";
import { pool } from "../db/client";
import { BUMP_REGISTRY_VERSION, READ_REGISTRY_STATE } from "./registry-sql";

export type RegistryState = { version: number; defaultModelId: string | null };

/** The registry's version and default model, as stored. */
export async function readRegistryState(): Promise<RegistryState> {
  const { rows } = await pool().query<{ version: number; defaultModelId: string | null }>(
    READ_REGISTRY_STATE,
  );
  return rows[0] ?? { version: 0, defaultModelId: null };
}

/**
 * Tells every instance that the registry changed. Call it in the transaction that changes Provider,
 * ModelConfig or the default model, so that no instance can read the new version with the old rows.
 */
export async function bumpRegistryVersion(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRawUnsafe(BUMP_REGISTRY_VERSION);
}
