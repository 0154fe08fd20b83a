import "server-only";
import { db } from "../../db/client";
import { needsReseal } from "../../crypto/secret-box";
import { bumpRegistryVersion } from "../registry-version";
import { API_KEY_PURPOSE, HEADERS_PURPOSE } from "./provider-secrets";
import { open, seal } from "../../crypto/secret-box";

/**
 * The second half of an ENCRYPTION_KEY rotation: every provider secret sealed with an older key
 * (ENCRYPTION_KEY_PREVIOUS, or the key derived from AUTH_SECRET) is sealed again with the current one,
 * in one transaction. Run at start-up by every instance; once nothing is left sealed with the old key,
 * ENCRYPTION_KEY_PREVIOUS can go. A value no key opens is left as it is (the admin re-enters it).
 */
export async function resealProviderSecrets(): Promise<{ resealed: number; unreadable: number }> {
  return db().$transaction(async (tx) => {
    const rows = await tx.provider.findMany({
      where: { OR: [{ apiKeySealed: { not: null } }, { headersSealed: { not: null } }] },
      select: { id: true, apiKeySealed: true, headersSealed: true },
    });
    let resealed = 0;
    let unreadable = 0;
    const again = (sealed: string | null, purpose: string): string | undefined => {
      if (!sealed || !needsReseal(sealed)) return undefined;
      try {
        return seal(open(sealed, purpose), purpose);
      } catch {
        unreadable++;
        return undefined;
      }
    };
    for (const row of rows) {
      const apiKeySealed = again(row.apiKeySealed, API_KEY_PURPOSE);
      const headersSealed = again(row.headersSealed, HEADERS_PURPOSE);
      if (apiKeySealed === undefined && headersSealed === undefined) continue;
      await tx.provider.update({
        where: { id: row.id },
        data: {
          ...(apiKeySealed !== undefined ? { apiKeySealed } : {}),
          ...(headersSealed !== undefined ? { headersSealed } : {}),
        },
      });
      resealed++;
    }
    // The registry caches opened keys per version: make every instance read the new seals.
    if (resealed > 0) await bumpRegistryVersion(tx);
    return { resealed, unreadable };
  });
}
