// npm run bench:composer — how long a key press in a 50,000-character draft takes to reach the next
// frame in Chromium, with the composer's token counter on, against the same page with the counter
// switched off (a test-only localStorage flag) measured in the same run. Two measures per key: the
// input delay (the keydown's timestamp to its handler starting, i.e. how busy the main thread was) and
// keydown → next animation frame (the handler, React's render and the counter's work on the main thread).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { chromium, type Browser } from "@playwright/test";
import { createTestDatabase } from "../../tests/helpers/database";
import { COUNTER_OFF_KEY } from "../../components/chat/use-token-count";
import { CHROMIUM_ARGS, findChromium } from "../lib/chromium";
import { startServer } from "./lib/server";
import { fmt, percentile } from "./lib/stats";

const SECRET = "bench-secret-bench-secret-bench-secret-bench";
const DRAFT_CHARS = 50_000;
const KEYS = 150;
const ROUNDS = 2;
const executablePath = findChromium();
if (!executablePath) throw new Error("Chromium not found (set CHROMIUM_PATH)");

process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase();
const server = await startServer(3302, { DATABASE_URL: database.url, AUTH_SECRET: SECRET });
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
const browser: Browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });

// Prose-like text, so the tokenizer works as it does on a real draft.
const words = [
  "the",
  "model",
  "answers",
  "quickly,",
  "while",
  "tokens",
  "stream",
  "in.",
  "Naïve",
  "café",
  "42",
];
let draft = "";
for (let i = 0; draft.length < DRAFT_CHARS; i++) draft += `${words[(i * 7) % words.length]} `;
draft = draft.slice(0, DRAFT_CHARS);

type Sample = { inputDelay: number; toFrame: number };

async function measure(counterOn: boolean): Promise<Sample[]> {
  const context = await browser.newContext();
  await context.addCookies([{ name: "authjs.session-token", value: token, url: server.url }]);
  if (!counterOn) {
    await context.addInitScript((key) => window.localStorage.setItem(key, "off"), COUNTER_OFF_KEY);
  }
  const page = await context.newPage();
  await page.goto(server.url, { waitUntil: "networkidle" });
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(draft);
  if (counterOn) await page.locator("#composer-tokens").waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await page.evaluate(() => {
    const samples: { inputDelay: number; toFrame: number }[] = [];
    (window as unknown as { samples: typeof samples }).samples = samples;
    window.addEventListener(
      "keydown",
      (event) => {
        const start = performance.now();
        const inputDelay = start - event.timeStamp;
        requestAnimationFrame(() =>
          samples.push({ inputDelay, toFrame: performance.now() - event.timeStamp }),
        );
      },
      { capture: true },
    );
  });
  await box.focus();
  await page.keyboard.press("End");
  // About 12 keys a second, a fast typist; the counter's debounce fires during the pauses too.
  await page.keyboard.type("x".repeat(KEYS), { delay: 80 });
  await page.waitForTimeout(500);
  const samples = await page.evaluate(() => (window as unknown as { samples: Sample[] }).samples);
  await context.close();
  return samples;
}

const results = { off: [] as Sample[], on: [] as Sample[] };
for (let round = 0; round < ROUNDS; round++) {
  results.off.push(...(await measure(false)));
  results.on.push(...(await measure(true)));
}

const loadavg = readFileSync("/proc/loadavg", "utf8").trim();
const stat = (samples: Sample[], key: keyof Sample, p: number) =>
  percentile(
    samples.map((s) => s[key]),
    p,
  );
console.log(
  `\nbench:composer — ${DRAFT_CHARS.toLocaleString("en-US")}-character draft, ${KEYS * ROUNDS} keys per variant`,
);
console.log(`load average: ${loadavg}\n`);
console.log("| measure | counter off p50 | p95 | counter on p50 | p95 | ratio p50 | ratio p95 |");
console.log("|---|---|---|---|---|---|---|");
for (const [key, label] of [
  ["inputDelay", "input delay (ms)"],
  ["toFrame", "keydown → next frame (ms)"],
] as const) {
  const off50 = stat(results.off, key, 50);
  const off95 = stat(results.off, key, 95);
  const on50 = stat(results.on, key, 50);
  const on95 = stat(results.on, key, 95);
  console.log(
    `| ${label} | ${fmt(off50)} | ${fmt(off95)} | ${fmt(on50)} | ${fmt(on95)} | ${fmt(on50 / off50, 2)}× | ${fmt(on95 / off95, 2)}× |`,
  );
}

await browser.close();
await sql.end();
await server.stop();
await database.drop();
process.exit(0);
