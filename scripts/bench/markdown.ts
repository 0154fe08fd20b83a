// npm run bench:markdown — what worst-case markdown costs.
// 1. In the browser's place: the time to render answers that were built to be slow (32 KB of
//    `*a*a*a…`, brackets, a 9 MB nested list, …) against a normal 32 KB answer rendered in the same
//    run, with the production build of the renderer (esbuild, NODE_ENV=production).
// 2. On the server: page views of a conversation and of the admin feedback detail holding those
//    answers, while a second client requests a cheap page every 5 ms. The longest such request,
//    less its median when no page is being viewed, is the longest the event loop was blocked.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { createTestDatabase } from "../../tests/helpers/database";
import { startServer } from "./lib/server";
import { fmt, median, percentile } from "./lib/stats";

const nestedList = (depth: number) =>
  Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}- level ${level + 1}`).join("\n");
const NORMAL_UNIT = [
  "## A section",
  "A paragraph of an answer with **bold**, *emphasis*, `inline code` and a [link](https://example.com),",
  "long enough to wrap over a few lines as real answers do.\n",
  "1. A step\n   - a detail\n2. Another step\n",
  "```ts\nconst total = items.reduce((sum, item) => sum + item.price * item.count, 0);\n```\n",
  "| column | value |\n|---|---|\n| a | 1 |\n",
].join("\n");
const NORMAL = NORMAL_UNIT.repeat(Math.ceil(32_768 / NORMAL_UNIT.length)).slice(0, 32_768);
const WORST = "*a".repeat(16_384);
const CASES: [string, string][] = [
  ["normal 32 KB answer (baseline)", NORMAL],
  ["`*a*a*a…` 32 KB (worst case)", WORST],
  ["`~a~a~a…` 32 KB", "~a".repeat(16_384)],
  ["`[[[…]]]` 32 KB", "[".repeat(16_384) + "]".repeat(16_384)],
  ["`[a](` × 8,192", "[a](".repeat(8_192)],
  ["`>` × 32,768", ">".repeat(32_768) + " x"],
  ["list nested 3,000 deep (9 MB)", nestedList(3_000)],
  ["heaviest allowed: 400 `*` per paragraph, 32 KB", ("*a".repeat(400) + "\n\n").repeat(40)],
];

// What the bundle built below exports (a module loaded from a file at run time has no static type).
type Renderer = {
  BoundedMarkdown: (props: { text: string }) => unknown;
  renderToStaticMarkup: (element: unknown) => string;
  createElement: (type: unknown, props: unknown) => unknown;
};

async function loadRenderer(): Promise<Renderer> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-markdown-"));
  const outfile = path.join(dir, "renderer.mjs");
  await build({
    stdin: {
      contents: `export { BoundedMarkdown } from "./components/chat/markdown/markdown";
        export { renderToStaticMarkup } from "react-dom/server";
        export { createElement } from "react";`,
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    outfile,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".css": "empty" },
    alias: { "@": process.cwd() },
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "error",
  });
  const loaded = (await import(pathToFileURL(outfile).href)) as Renderer;
  rmSync(dir, { recursive: true, force: true });
  return loaded;
}

const renderer = await loadRenderer();
const renderTimes = CASES.map(([label, text]) => {
  const samples: number[] = [];
  for (let i = 0; i < 13; i++) {
    const start = performance.now();
    renderer.renderToStaticMarkup(renderer.createElement(renderer.BoundedMarkdown, { text }));
    if (i >= 3) samples.push(performance.now() - start); // 3 warm-ups
  }
  return { label, samples };
});

// The server: a conversation whose answer is the worst case, rated down, so the admin detail shows it.
const SECRET = "bench-secret-bench-secret-bench-secret-bench";
process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase();
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
const insertUser = async (role: "USER" | "ADMIN") =>
  (
    await sql.query<{ id: string }>(
      `INSERT INTO "User" (email, name, role, "updatedAt") VALUES ($1, 'Bench', $2::"Role", now()) RETURNING id`,
      [`bench-${randomUUID()}@example.test`, role],
    )
  ).rows[0]!.id;
const uid = await insertUser("USER");
const adminId = await insertUser("ADMIN");

async function conversationWith(answers: string[]): Promise<{ id: string; lastAnswer: string }> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO "Conversation" ("userId", title, "updatedAt") VALUES ($1, 'Worst case', now()) RETURNING id`,
    [uid],
  );
  const conversationId = rows[0]!.id;
  let parent: string | null = null;
  const texts = answers.flatMap((answer, i) => [`Question ${i}`, answer]);
  for (const [i, text] of texts.entries()) {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO "Message" (id, "conversationId", "parentId", role, text, parts, "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4::"MessageRole", $5, jsonb_build_array(jsonb_build_object('type','text','text',$5::text)),
               now() - ((100 - $6) || ' seconds')::interval, now())`,
      [id, conversationId, parent, i % 2 === 0 ? "user" : "assistant", text, i],
    );
    parent = id;
  }
  return { id: conversationId, lastAnswer: parent! };
}

const worst = await conversationWith([WORST]);
const allCases = await conversationWith(CASES.slice(1, -1).map(([, text]) => text));
const { rows: feedback } = await sql.query<{ id: string }>(
  `INSERT INTO "Feedback" ("messageId", "userId", "conversationId", rating, "updatedAt")
   VALUES ($1, $2, $3, 'down', now()) RETURNING id`,
  [worst.lastAnswer, uid, worst.id],
);

const server = await startServer(3310, { DATABASE_URL: database.url, AUTH_SECRET: SECRET });
const cookieFor = async (id: string, role: string) =>
  `authjs.session-token=${await encode({ token: { uid: id, sub: id, role }, secret: SECRET, salt: "authjs.session-token" })}`;
const userCookie = await cookieFor(uid, "USER");
const adminCookie = await cookieFor(adminId, "ADMIN");

async function view(pathname: string, cookie: string | null): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${server.url}${pathname}`, cookie ? { headers: { cookie } } : {});
  await response.text();
  if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status}`);
  return performance.now() - start;
}

/** Views a page `count` times in a row while a pinger requests the sign-in page every 5 ms. */
async function viewsWithPings(pathname: string | null, cookie: string | null, count: number) {
  let done = false;
  const pings: number[] = [];
  const pinger = (async () => {
    while (!done) {
      pings.push(await view("/sign-in", null));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const views: number[] = [];
  if (pathname) for (let i = 0; i < count; i++) views.push(await view(pathname, cookie));
  else await new Promise((resolve) => setTimeout(resolve, 3_000));
  done = true;
  await pinger;
  return { views, pings };
}

for (let i = 0; i < 5; i++) {
  await view(`/c/${worst.id}`, userCookie); // warm-up
  await view(`/admin/feedback/${feedback[0]!.id}`, adminCookie);
}
const idle = await viewsWithPings(null, null, 0);
const pages = [
  ["/c/<id>: the 32 KB `*a*a*a…` answer", `/c/${worst.id}`, userCookie],
  ["/c/<id>: every worst case above (≈9.2 MB)", `/c/${allCases.id}`, userCookie],
  ["/admin/feedback/<id>: the 32 KB `*a*a*a…` answer", `/admin/feedback/${feedback[0]!.id}`, adminCookie],
] as const;
const pageRuns = [];
for (const [label, pathname, cookie] of pages)
  pageRuns.push({ label, ...(await viewsWithPings(pathname, cookie, 20)) });

const baseline = median(renderTimes[0]!.samples);
console.log("\nbench:markdown — render time in the browser's place (10 renders after 3 warm-ups)\n");
console.log("| answer | median | max | vs normal 32 KB |");
console.log("|---|---|---|---|");
for (const { label, samples } of renderTimes) {
  console.log(
    `| ${label} | ${fmt(median(samples))} ms | ${fmt(Math.max(...samples))} ms | ${fmt(median(samples) / baseline, 3)}× |`,
  );
}
const idlePing = median(idle.pings);
console.log("\nServer: 20 page views each, a cheap request (/sign-in) every 5 ms alongside\n");
console.log("| page | view median | view p99 | cheap request max | longest block (max − idle median) |");
console.log("|---|---|---|---|---|");
console.log(`| none (idle) | – | – | ${fmt(Math.max(...idle.pings))} ms | – |`);
for (const { label, views, pings } of pageRuns) {
  const max = Math.max(...pings);
  console.log(
    `| ${label} | ${fmt(median(views))} ms | ${fmt(percentile(views, 99))} ms | ${fmt(max)} ms | ${fmt(max - idlePing)} ms |`,
  );
}
const worstRender = median(renderTimes[1]!.samples);
const longestBlock =
  Math.max(
    ...pageRuns
      .slice(0, 1)
      .concat(pageRuns.slice(2))
      .flatMap((run) => run.pings),
  ) - idlePing;
console.log(`\nworst-case 32 KB render: ${fmt(worstRender)} ms (target < 50 ms)`);
console.log(`longest block during views of the worst-case pages: ${fmt(longestBlock)} ms (target < 100 ms)`);

await sql.end();
await server.stop();
await database.drop();
process.exit(0);
