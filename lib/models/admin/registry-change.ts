import "server-only";
import { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { invalidateRegistry } from "../registry";
import { bumpRegistryVersion } from "../registry-version";

export type Tx = Prisma.TransactionClient;

/**
 * Runs one admin change to providers, models or the default in a transaction that also bumps the
 * registry version, so every instance re-reads the registry and none sees the new version with old rows.
 * `work` writes its audit entry with the same transaction.
 */
export async function changeRegistry<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await db().$transaction(async (tx) => {
    const changed = await work(tx);
    await bumpRegistryVersion(tx);
    return changed;
  });
  // This instance sees its own change at once; the others within the version check's interval.
  invalidateRegistry();
  return result;
}

/** Prisma's unique-constraint violation (P2002), e.g. two admins adding the same model id at once. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
