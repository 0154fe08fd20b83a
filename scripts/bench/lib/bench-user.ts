import { randomUUID } from "node:crypto";
import type pg from "pg";
import { encode } from "next-auth/jwt";

/**
 * Creates a user row and mints its session cookie as Auth.js would with `secret` (the server's
 * AUTH_SECRET): benchmarks need hundreds of signed-in users, and signing each in would measure argon2.
 */
export async function benchSessionCookie(sql: pg.Pool, secret: string): Promise<string> {
  const email = `bench-${randomUUID()}@example.test`;
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO "User" (email, name, "updatedAt") VALUES ($1, 'Bench', now()) RETURNING id`,
    [email],
  );
  const uid = rows[0]!.id;
  const token = await encode({
    token: { uid, sub: uid, role: "USER", email },
    secret,
    salt: "authjs.session-token",
  });
  return `authjs.session-token=${token}`;
}
