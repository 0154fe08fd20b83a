import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { errorText } from "./error-text";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
  /** Prisma also accepts the checksum of the file with CRLF line ends turned into LF. */
  checksumLf: string;
}

/** Every `<timestamp>_<name>/migration.sql` in the folder, oldest first, with Prisma's checksums. */
export async function readMigrations(
  migrationsDir = path.resolve(process.cwd(), "prisma/migrations"),
): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: unknown) => {
    throw new Error(`Cannot read the migrations folder ${migrationsDir}: ${errorText(error)}`);
  });
  const names = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort(); // Prisma's order: the timestamp prefix makes it chronological
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const bytes = await readFile(file).catch(() => {
        throw new Error(`Migration folder ${name} has no readable migration.sql (${file}).`);
      });
      const sql = bytes.toString("utf8");
      return {
        name,
        sql,
        checksum: sha256(bytes),
        checksumLf: sha256(Buffer.from(sql.replaceAll("\r\n", "\n"))),
      };
    }),
  );
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
