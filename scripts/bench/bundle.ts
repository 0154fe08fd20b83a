// npm run bench:bundle — JavaScript a signed-in user downloads to open a new chat, as Chromium sees it
// on the wire (gzip, as `next start` serves it). The baseline in the same run is Next.js's own
// minimum: the scripts of the sign-in page, which has no chat code.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { chromium } from "@playwright/test";
import { createTestDatabase } from "../../tests/helpers/database";
import { CHROMIUM_ARGS, findChromium } from "../lib/chromium";
import { startServer } from "./lib/server";
import { fmt } from "./lib/stats";

const SECRET = "bench-secret-bench-secret-bench-secret-bench";
const executablePath = findChromium();
if (!executablePath) throw new Error("Chromium not found (set CHROMIUM_PATH)");

process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase();
const server = await startServer(3301, { DATABASE_URL: database.url, AUTH_SECRET: SECRET });
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
const { rows } = await sql.query<{ id: string }>(
  `INSERT INTO "User" (email, name, "updatedAt") VALUES ($1, 'Bench', now()) RETURNING id`,
  [`bench-${randomUUID()}@example.test`],
);
const uid = rows[0]!.id;
const token = await encode({
  token: { uid, sub: uid, role: "USER" },
  secret: SECRET,
  salt: "authjs.session-token",
});

const browser = await chromium.launch({
  executablePath,
  args: CHROMIUM_ARGS,
});

// --files: also list every script with its size, to see what a change added.
const listFiles = process.argv.includes("--files");

async function scriptBytes(path: string, signedIn: boolean): Promise<{ wire: number; files: number }> {
  const context = await browser.newContext();
  if (signedIn) {
    await context.addCookies([{ name: "authjs.session-token", value: token, url: server.url }]);
  }
  const page = await context.newPage();
  const responses: Promise<{ url: string; size: number }>[] = [];
  page.on("requestfinished", (request) => {
    if (request.resourceType() !== "script") return;
    responses.push(request.sizes().then((s) => ({ url: request.url(), size: s.responseBodySize })));
  });
  await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
  const files = await Promise.all(responses);
  const sizes = files.map((file) => file.size);
  await context.close();
  if (listFiles) {
    console.log(`\n${path}:`);
    for (const file of files.sort((a, b) => b.size - a.size)) {
      console.log(`  ${fmt(file.size / 1024).padStart(7)} kB  ${new URL(file.url).pathname}`);
    }
  }
  return { wire: sizes.reduce((a, b) => a + b, 0), files: sizes.length };
}

const baseline = await scriptBytes("/sign-in", false);
const newChat = await scriptBytes("/", true);
console.log("\nbench:bundle — JavaScript transferred (gzip on the wire)\n");
console.log("| page | scripts | kB | vs sign-in |");
console.log("|---|---|---|---|");
console.log(`| /sign-in (baseline) | ${baseline.files} | ${fmt(baseline.wire / 1024)} | 1.00× |`);
console.log(
  `| / (new chat, signed in) | ${newChat.files} | ${fmt(newChat.wire / 1024)} | ${fmt(newChat.wire / baseline.wire, 2)}× |`,
);

await browser.close();
await sql.end();
await server.stop();
await database.drop();
process.exit(0);
