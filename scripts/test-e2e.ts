// `npm run test:e2e`: end-to-end tests in the system Chromium against the production build, on a fresh
// database: a new database on TEST_DATABASE_URL's server when set, else a new embedded data directory.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase } from "../tests/helpers/database";
import { findChromium } from "./lib/chromium";
import { startFakeUpstream } from "./lib/fake-upstream";

const chromium = findChromium();
if (!chromium) {
  console.error(
    "Chromium not found. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to its executable.",
  );
  process.exit(1);
}

const env: NodeJS.ProcessEnv = { ...process.env, CHROMIUM_PATH: chromium };
let cleanup: () => Promise<void> | void;
if (process.env.TEST_DATABASE_URL) {
  const database = await createTestDatabase();
  env.DATABASE_URL = database.url;
  cleanup = () => database.drop();
} else {
  const dataDir = mkdtempSync(path.join(tmpdir(), "flywheel-e2e-"));
  env.FLYWHEEL_DATA_DIR = dataDir;
  delete env.DATABASE_URL;
  cleanup = () => rmSync(dataDir, { recursive: true, force: true });
}
env.AUTH_SECRET ??= "e2e-secret-e2e-secret-e2e-secret-e2e-secret";

// A fake OpenAI-compatible provider beside the offline model, so provider failures can be tested.
const upstream = await startFakeUpstream();
Object.assign(env, {
  OPENAI_COMPATIBLE_BASE_URL: upstream.url,
  OPENAI_COMPATIBLE_MODELS: "fake-model",
  DEFAULT_MODEL: "offline-demo",
  FAKE_OPENAI_CONTROL_URL: upstream.control,
  OFFLINE_MODEL_WORD_DELAY_MS: "30",
  TITLE_GENERATION: "off",
  // The admin console tests sign up this account; it is an admin whichever spec runs first.
  ADMIN_EMAILS: "e2e-admin@example.test",
  // Every spec signs up its accounts from the same address (127.0.0.1).
  SIGNUP_MAX_PER_HOUR: "1000",
});

// Playwright's CLI under this Node.js, not through npx (an npm process resident for the whole run).
const playwrightCli = createRequire(import.meta.url).resolve("@playwright/test/cli");
const result = spawnSync(process.execPath, [playwrightCli, "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
upstream.stop();
await cleanup();
process.exit(result.status ?? 1);
