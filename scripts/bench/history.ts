// npm run bench:history — server time to open a conversation of 500 messages and a page whose
// sidebar holds 10,000 conversations, measured as time to the full HTML response from the production
// server; the baseline in the same run is the sign-in page (no database work).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { createTestDatabase } from "../../tests/helpers/database";
import { startServer } from "./lib/server";
import { fmt, median, percentile } from "./lib/stats";

const SECRET = "bench-secret-bench-secret-bench-secret-bench";
process.env.TEST_DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const database = await createTestDatabase();
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();

const { rows } = await sql.query<{ id: string }>(
  `INSERT INTO "User" (email, name, "updatedAt") VALUES ($1, 'Bench', now()) RETURNING id`,
  [`bench-${randomUUID()}@example.test`],
);
const uid = rows[0]!.id;

// 10,000 conversations, one of which holds a 500-message chain (250 questions and answers).
await sql.query(
  `INSERT INTO "Conversation" ("userId", title, "updatedAt")
   SELECT $1::uuid, 'Conversation ' || g, now() - (g || ' minutes')::interval FROM generate_series(1, 10000) g`,
  [uid],
);
const { rows: big } = await sql.query<{ id: string }>(
  `INSERT INTO "Conversation" ("userId", title, "updatedAt") VALUES ($1, 'Long conversation', now()) RETURNING id`,
  [uid],
);
const conversationId = big[0]!.id;
let parent: string | null = null;
const paragraph =
  "A realistic paragraph of an answer with some words in it, repeated to a typical length. ".repeat(6);
for (let i = 0; i < 500; i++) {
  const id = randomUUID();
  const role = i % 2 === 0 ? "user" : "assistant";
  const text = role === "user" ? `Question ${i}: how does this work?` : `${paragraph}(${i})`;
  await sql.query(
    `INSERT INTO "Message" (id, "conversationId", "parentId", role, text, parts, "searchVector", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4::"MessageRole", $5, jsonb_build_array(jsonb_build_object('type','text','text',$5::text)),
             to_tsvector('simple', $5), now() - ((500 - $6) || ' seconds')::interval, now())`,
    [id, conversationId, parent, role, text, i],
  );
  parent = id;
}
await sql.query(`ANALYZE`);

const server = await startServer(3302, { DATABASE_URL: database.url, AUTH_SECRET: SECRET });
const token = await encode({
  token: { uid, sub: uid, role: "USER" },
  secret: SECRET,
  salt: "authjs.session-token",
});
const cookie = `authjs.session-token=${token}`;

async function time(path: string, withCookie: boolean): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${server.url}${path}`, withCookie ? { headers: { cookie } } : {});
  await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return performance.now() - start;
}

async function measure(path: string, withCookie: boolean): Promise<number[]> {
  for (let i = 0; i < 5; i++) await time(path, withCookie); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < 30; i++) samples.push(await time(path, withCookie));
  return samples;
}

const baseline = await measure("/sign-in", false);
const longConversation = await measure(`/c/${conversationId}`, true);
const sidebar = await measure("/", true);

console.log("\nbench:history — full server response time (30 requests after 5 warm-ups)\n");
console.log("| page | median | p99 | vs sign-in |");
console.log("|---|---|---|---|");
for (const [label, samples] of [
  ["/sign-in (baseline, no database)", baseline],
  ["/c/<id>: 500 messages (+ sidebar of 10,000)", longConversation],
  ["/: new chat, sidebar of 10,000 conversations", sidebar],
] as const) {
  console.log(
    `| ${label} | ${fmt(median(samples))} ms | ${fmt(percentile(samples, 99))} ms | ${fmt(median(samples) / median(baseline), 2)}× |`,
  );
}

await sql.end();
await server.stop();
await database.drop();
process.exit(0);
