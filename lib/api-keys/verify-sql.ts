import "server-only";
import { namedStatement } from "../db/named-statement";

export type VerifiedKeyRow = {
  keyId: string;
  userId: string;
  scopes: string[];
  expiresAt: Date | null;
  revoked: boolean;
  role: "USER" | "ADMIN";
  disabled: boolean;
  /** Whether AppSettings lets this user's role use the API (every role when the row is missing). */
  apiAllowed: boolean;
};

/**
 * An API key by its hash, with what a request needs to know of its user: one lookup through the
 * unique index on "hash" and the user's primary key. $1 SHA-256 hex of the key.
 */
export const VERIFY_API_KEY = namedStatement(
  "api-keys.verify",
  `SELECT k."id" AS "keyId", k."userId", k."scopes",
          k."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt",
          (k."revokedAt" IS NOT NULL) AS "revoked",
          u."role"::text AS "role",
          (u."disabledAt" IS NOT NULL) AS "disabled",
          coalesce((SELECT u."role" = ANY(s."apiRoles") FROM "AppSettings" s WHERE s."id" = 1), true)
            AS "apiAllowed"
   FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId"
   WHERE k."hash" = $1`,
);

/** Notes a key's use; the caller throttles it to once a minute per key. $1 key id. */
export const TOUCH_API_KEY = namedStatement(
  "api-keys.touch",
  `UPDATE "ApiKey" SET "lastUsedAt" = (now() AT TIME ZONE 'UTC') WHERE "id" = $1::uuid`,
);
