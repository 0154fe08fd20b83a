import "server-only";
import { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { bumpRegistryVersion } from "../registry-version";

export type Tx = Prisma.TransactionClient;

/**
 * Runs one admin change to providers, models or the default in a transaction that also bumps the
 * registry version, so every instance re-reads the registry and none sees the new version with old rows.
 * `work` writes its audit entry with the same transaction.
 */
export function changeRegistry<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(async (tx) => {
    const result = await work(tx);
    await bumpRegistryVersion(tx);
    return result;
  });
}

/** Prisma's unique-constraint violation (P2002), e.g. two admins adding the same model id at once. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
