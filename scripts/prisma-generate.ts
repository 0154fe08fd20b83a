// Runs `prisma generate` offline. The Prisma CLI insists on downloading its native schema engine for
// every command, which fails without internet; generate never executes it, so any existing file
// satisfies the check (see docs/architecture.md, "Migrations without the native engine").
import { spawnSync } from "node:child_process";

const result = spawnSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
