import "server-only";
import { db } from "../db/client";
import { needsReseal, open, seal } from "../crypto/secret-box";
import { ACCOUNT_KEY_PURPOSE } from "./credentials";

/**
 * The fine-tuning accounts' part of an ENCRYPTION_KEY rotation, as resealProviderSecrets does for
 * providers: every key sealed with an older key is sealed again with the current one, at start-up.
 * A key no configured key opens is left as it is (the admin re-enters it).
 */
export async function resealAccountKeys(): Promise<{ resealed: number; unreadable: number }> {
  return db().$transaction(async (tx) => {
    const rows = await tx.fineTuneAccount.findMany({
      where: { apiKeySealed: { not: null } },
      select: { id: true, apiKeySealed: true },
    });
    let resealed = 0;
    let unreadable = 0;
    for (const row of rows) {
      if (!row.apiKeySealed || !needsReseal(row.apiKeySealed)) continue;
      let again: string;
      try {
        again = seal(open(row.apiKeySealed, ACCOUNT_KEY_PURPOSE), ACCOUNT_KEY_PURPOSE);
      } catch {
        unreadable++;
        continue;
      }
      await tx.fineTuneAccount.update({ where: { id: row.id }, data: { apiKeySealed: again } });
      resealed++;
    }
    return { resealed, unreadable };
  });
}
