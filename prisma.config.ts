// Configuration for the Prisma CLI. The app never reads it: it builds its own client from lib/env.ts.
// `prisma migrate deploy` (where the native engine exists) reads the same migrations folder as
// our own runner (scripts/migrate.ts), so both stay interchangeable.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL },
});
