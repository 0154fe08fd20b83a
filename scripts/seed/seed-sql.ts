// The SQL of the feedback seed. Every row is computed inside PostgreSQL from its number: ids are
// deterministic UUIDs (pg_temp.sid), random choices are hashes of (number, salt) (pg_temp.rnd), so a
// message can name its parent, a feedback row its message and a conversation its last answer by
// arithmetic, without joins, and two connections can load disjoint ranges at once.
//
// Numbering: conversation n = 1..C; turn g = 1..N over all conversations (conversation n holds turns
// first_turn .. first_turn + turns - 1); turn g is a user message, its answer and, for ~5% of turns, a
// regenerated sibling answer (the branch continues from the regenerated one).
import {
  BAD_COMMENTS,
  BAD_REASONS,
  CUSTOM_INSTRUCTIONS,
  FIRST_NAMES,
  GOOD_COMMENTS,
  GOOD_REASONS,
  LAST_NAMES,
  QUESTION_OPENERS,
  REVIEW_NOTES,
  TITLES,
  WORDS,
  seedModels,
} from "./seed-vocabulary";

/** Id spaces of pg_temp.sid(kind, n). */
const KIND = {
  user: 1,
  conversation: 2,
  prompt: 3,
  answer: 4,
  regenerated: 5,
  feedback: 6,
  comparison: 7,
  event: 8,
} as const;

export const SENTENCES = 2048;
export const PARAGRAPHS = 8192;
const REGEN_SHARE = 0.05;

export type SeedPlan = {
  feedback: number;
  conversations: number;
  models: number;
  users: number;
  /** The seed's "now" (UTC, ISO): every timestamp is relative to it, identical in both connections. */
  now: string;
};

export function sessionSetup(): string[] {
  return [
    `SET synchronous_commit = off`,
    `SET work_mem = '64MB'`,
    `SET maintenance_work_mem = '512MB'`,
    `SET TIME ZONE 'UTC'`,
    // JIT compiling these long expressions costs more than it saves (seconds per statement).
    `SET jit = off`,
    // A UUID (version 4 bits set, so zod's uuid() accepts it) derived from (kind, n).
    `CREATE OR REPLACE FUNCTION pg_temp.sid(k int, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT encode(int8send((hashint8extended(n, 2 * k) & ~x'f000'::bigint) | x'4000'::bigint)
                  || int8send((hashint8extended(n, 2 * k + 1) & x'3fffffffffffffff'::bigint) | (-9223372036854775808)::bigint),
                     'hex')::uuid $$`,
    // A uniform number in [0, 1) derived from (n, salt).
    `CREATE OR REPLACE FUNCTION pg_temp.rnd(n bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT (hashint8extended(n, 1000 + salt) & 2147483647)::float8 / 2147483648 $$`,
  ];
}

const lit = (text: string) => `'${text.replaceAll("'", "''")}'`;
const arr = (items: readonly string[]) => `ARRAY[${items.map(lit).join(", ")}]::text[]`;
/** 1-based index into a list of `size` items chosen by rnd(n, salt). */
const pick = (n: string, salt: number, size: number) =>
  `(1 + floor(pg_temp.rnd(${n}, ${salt}) * ${size})::int)`;
const seconds = (expr: string) => `((${expr}) * interval '1 second')`;
const now = (plan: SeedPlan) => `${lit(plan.now.replace("T", " ").replace("Z", ""))}::timestamp`;
const isRegen = (g: string) => `(pg_temp.rnd(${g}, 20) < ${REGEN_SHARE})`;
/** Both answers of a regenerated turn are rated (opposite ratings; the comparison is implied by them). */
const siblingRated = (g: string) => `(pg_temp.rnd(${g}, 21) < 0.5)`;
/** For a regenerated turn: the first answer was the bad one (then the sibling is rated up, if rated). */
const firstWorse = (g: string) => `(pg_temp.rnd(${g}, 71) < 0.8)`;

/** Text pools: sentences (kind 1), paragraphs (kind 2), question openers (kind 3), each with its tsvector. */
export function textPoolStatements(): string[] {
  const table = `"_flywheel_seed_text"`;
  return [
    `DROP TABLE IF EXISTS ${table}`,
    `CREATE UNLOGGED TABLE ${table} (kind int, k int, text text NOT NULL, len int NOT NULL,
       v tsvector NOT NULL, PRIMARY KEY (kind, k))`,
    `INSERT INTO ${table} (kind, k, text, len, v)
     SELECT 1, k, s, length(s), to_tsvector('simple', s) FROM (
       SELECT k, upper(left(body, 1)) || substr(body, 2) ||
              CASE WHEN pg_temp.rnd(k, 2) < 0.08 THEN '?' WHEN pg_temp.rnd(k, 2) < 0.12 THEN ':' ELSE '.' END AS s
         FROM (SELECT k, string_agg(w[${pick("k * 100 + i", 3, WORDS.length)}], ' ' ORDER BY i) AS body
                 FROM (SELECT ${arr(WORDS)} AS w) words,
                      generate_series(0, ${SENTENCES - 1}) k,
                      LATERAL generate_series(1, 4 + floor(pg_temp.rnd(k, 1) * 14)::int) i
                GROUP BY k) b) s`,
    // Paragraphs: sentences until a target length (80–1100 characters, most of them short), now and
    // then split into paragraphs or a bullet list, as chat answers are.
    `INSERT INTO ${table} (kind, k, text, len, v)
     SELECT 2, k, p, length(p), to_tsvector('simple', p) FROM (
       SELECT k, string_agg(CASE WHEN i = 1 THEN '' WHEN pg_temp.rnd(k * 100 + i, 6) < 0.1 THEN E'\\n\\n'
                                 WHEN pg_temp.rnd(k * 100 + i, 6) < 0.18 THEN E'\\n- ' ELSE ' ' END || text, '' ORDER BY i) AS p
         FROM (SELECT t.k, i, s.text, t.target,
                      sum(s.len + 1) OVER (PARTITION BY t.k ORDER BY i) - s.len - 1 AS before
                 FROM (SELECT k, 80 + floor(1020 * pg_temp.rnd(k, 4) ^ 1.7) AS target
                         FROM generate_series(0, ${PARAGRAPHS - 1}) k) t
                 CROSS JOIN generate_series(1, 40) i
                 JOIN ${table} s ON s.kind = 1 AND s.k = floor(pg_temp.rnd(t.k * 100 + i, 5) * ${SENTENCES})::int) x
        WHERE before < target
        GROUP BY k) p`,
    `INSERT INTO ${table} (kind, k, text, len, v)
     SELECT 3, ord::int - 1, q, length(q), to_tsvector('simple', q) FROM unnest(${arr(QUESTION_OPENERS)}) WITH ORDINALITY AS u(q, ord)`,
    `ANALYZE ${table}`,
  ];
}

export function userStatements(plan: SeedPlan): string[] {
  const admins = plan.users >= 100 ? 2 : 1;
  return [
    `INSERT INTO "User" ("id", "email", "name", "role", "trainingConsent", "customInstructions", "createdAt", "updatedAt")
     SELECT pg_temp.sid(${KIND.user}, u), 'user' || u || '@seed.flywheel.test',
            (${arr(FIRST_NAMES)})[${pick("u", 10, FIRST_NAMES.length)}] || ' ' || (${arr(LAST_NAMES)})[${pick("u", 11, LAST_NAMES.length)}],
            CASE WHEN u <= ${admins} THEN 'ADMIN' ELSE 'USER' END::"Role",
            pg_temp.rnd(u, 12) >= 0.1,
            CASE WHEN pg_temp.rnd(u, 13) < 0.2 THEN (${arr(CUSTOM_INSTRUCTIONS)})[${pick("u", 14, CUSTOM_INSTRUCTIONS.length)}] ELSE '' END,
            ${now(plan)} - ${seconds(`121 * 86400 + pg_temp.rnd(u, 15) * 60 * 86400`)} AS created,
            ${now(plan)} - ${seconds(`121 * 86400 + pg_temp.rnd(u, 15) * 60 * 86400`)}
       FROM generate_series(1, ${plan.users}) u`,
  ];
}

/**
 * The conversation plan: owner, model, times and number of turns of every conversation. Turns average
 * feedback / conversations (pairs of conversations trade turns, so lengths vary while the sum is exact).
 */
export function planStatements(plan: SeedPlan): string[] {
  const models = seedModels(plan.models);
  const base = Math.floor(plan.feedback / plan.conversations);
  const rem = plan.feedback % plan.conversations;
  const c = plan.conversations;
  const modelArr = (key: "id" | "provider") => arr(models.map((m) => m[key]));
  const intArr = (key: "ttftMinMs" | "ttftSpanMs" | "msPerToken") =>
    `ARRAY[${models.map((m) => m[key]).join(",")}]`;
  const turns = `greatest(0, ${base} + (n <= ${rem})::int + CASE
      WHEN n % 2 = 1 AND n < ${c} THEN floor(pg_temp.rnd((n + 1) / 2, 22) * ${base})::int
      WHEN n % 2 = 0 THEN -floor(pg_temp.rnd(n / 2, 22) * ${base})::int
      ELSE 0 END)`;
  return [
    `DROP TABLE IF EXISTS "_flywheel_seed_conv"`,
    `CREATE UNLOGGED TABLE "_flywheel_seed_conv" AS
     WITH p AS (
       SELECT n, ${turns} AS turns,
              1 + ((floor(${plan.users} * pg_temp.rnd(n, 23) ^ 1.6)::int + 7) % ${plan.users}) AS owner,
              floor(${models.length} * pg_temp.rnd(n, 25) ^ 1.4)::int AS m
         FROM generate_series(1, ${c}) n),
     q AS (
       SELECT p.*, (sum(turns) OVER (ORDER BY n) - turns + 1)::bigint AS first_turn,
              greatest(turns * 150, 3600) + pg_temp.rnd(n, 26) * (120 * 86400 - greatest(turns * 150, 3600)) AS age_s,
              CASE WHEN pg_temp.rnd(n, 27) < 0.5 THEN 300 + pg_temp.rnd(n, 28) * 3300
                   WHEN pg_temp.rnd(n, 27) < 0.85 THEN 3600 + pg_temp.rnd(n, 28) * 82800
                   ELSE 86400 + pg_temp.rnd(n, 28) * 13 * 86400 END AS span_wanted
         FROM p)
     SELECT q.n, q.turns, q.first_turn, q.first_turn + q.turns - 1 AS last_g,
            pg_temp.sid(${KIND.conversation}, q.n) AS conv_id, pg_temp.sid(${KIND.user}, q.owner) AS user_id,
            (${modelArr("id")})[1 + q.m] AS model_id, (${modelArr("provider")})[1 + q.m] AS provider,
            (${intArr("ttftMinMs")})[1 + q.m] AS ttft_min, (${intArr("ttftSpanMs")})[1 + q.m] AS ttft_span,
            (${intArr("msPerToken")})[1 + q.m] AS ms_per_token,
            (ARRAY[0.2, 0.5, 0.7, 0.7, 0.7, 1.0])[${pick("q.n", 29, 6)}] AS temperature,
            (${arr(TITLES)})[${pick("q.n", 30, TITLES.length)}] AS title,
            u."customInstructions" AS system_prompt, length(u."customInstructions") / 4 AS sys_tokens,
            pg_temp.rnd(q.n, 31) < 0.03 AS temporary,
            pg_temp.rnd(q.n, 32) < 0.02 AS deleted,
            ${now(plan)} - ${seconds("q.age_s")} AS created_at,
            least(greatest(q.span_wanted, q.turns * 120), q.age_s * 0.9) AS span_s
       FROM q JOIN "User" u ON u.id = pg_temp.sid(${KIND.user}, q.owner)`,
    `ALTER TABLE "_flywheel_seed_conv" ADD PRIMARY KEY (n)`,
    `ANALYZE "_flywheel_seed_conv"`,
  ];
}

/**
 * Turns whose first answer stays unrated: as many as there are rated regenerated answers, so that the
 * number of feedback rows is exactly plan.feedback (= the number of turns).
 */
export function unratedStatements(plan: SeedPlan): string[] {
  return [
    `DROP TABLE IF EXISTS "_flywheel_seed_unrated"`,
    `CREATE UNLOGGED TABLE "_flywheel_seed_unrated" AS
     SELECT g FROM generate_series(1, ${plan.feedback}::bigint) g WHERE NOT ${isRegen("g")}
      ORDER BY pg_temp.rnd(g, 40)
      LIMIT (SELECT count(*) FROM generate_series(1, ${plan.feedback}::bigint) g WHERE ${isRegen("g")} AND ${siblingRated("g")})`,
    `ALTER TABLE "_flywheel_seed_unrated" ADD PRIMARY KEY (g)`,
    `ANALYZE "_flywheel_seed_unrated"`,
  ];
}

/** The turns of conversations $1..$2 (one row per question). */
const TURNS = `turn AS (
  SELECT c.*, t, c.first_turn + t - 1 AS g,
         c.created_at + (c.span_s * (t - 1) / greatest(c.turns - 1, 1)) * interval '1 second' AS at
    FROM "_flywheel_seed_conv" c CROSS JOIN LATERAL generate_series(1, c.turns) AS t
   WHERE c.n BETWEEN $1 AND $2)`;

const answerAt = (variant: "answer" | "regenerated") =>
  variant === "answer"
    ? `(at + interval '250 milliseconds')`
    : `(at + interval '250 milliseconds' + ${seconds("20 + 35 * pg_temp.rnd(g, 50)")})`;

const params = (variant: "answer" | "regenerated") =>
  `jsonb_build_object('temperature', temperature, 'seed', hashint8extended(g, ${variant === "answer" ? 51 : 52}) & 2147483647)`;

export function promptStatement(): string {
  return `WITH ${TURNS}
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "parts", "text", "searchVector", "status", "createdAt", "updatedAt")
    SELECT id, conv_id, parent, 'user'::"MessageRole", jsonb_build_array(jsonb_build_object('type', 'text', 'text', body)),
           body, v, 'complete'::"MessageStatus", at, at
      FROM (SELECT pg_temp.sid(${KIND.prompt}, g) AS id, conv_id, at,
                   CASE WHEN t = 1 THEN NULL WHEN ${isRegen("g - 1")} THEN pg_temp.sid(${KIND.regenerated}, g - 1)
                        ELSE pg_temp.sid(${KIND.answer}, g - 1) END AS parent,
                   q.text || ' ' || s1.text || CASE WHEN pg_temp.rnd(g, 53) < 0.35 THEN ' ' || s2.text ELSE '' END AS body,
                   q.v || s1.v || CASE WHEN pg_temp.rnd(g, 53) < 0.35 THEN s2.v ELSE ''::tsvector END AS v
              FROM turn
              JOIN "_flywheel_seed_text" q ON q.kind = 3 AND q.k = floor(pg_temp.rnd(g, 54) * ${QUESTION_OPENERS.length})::int
              JOIN "_flywheel_seed_text" s1 ON s1.kind = 1 AND s1.k = floor(pg_temp.rnd(g, 55) * ${SENTENCES})::int
              JOIN "_flywheel_seed_text" s2 ON s2.kind = 1 AND s2.k = floor(pg_temp.rnd(g, 56) * ${SENTENCES})::int
            OFFSET 0) m`;
}

/** Answers: an opening sentence, a paragraph and sometimes a closing sentence (100–1,500 characters). */
export function answerStatement(variant: "answer" | "regenerated"): string {
  const salt = variant === "answer" ? 60 : 70;
  const kind = variant === "answer" ? KIND.answer : KIND.regenerated;
  const closes = `(p.len < 1000 AND pg_temp.rnd(g, ${salt + 3}) < 0.5)`;
  return `WITH ${TURNS}
    INSERT INTO "Message" ("id", "conversationId", "parentId", "role", "parts", "text", "modelId", "provider", "params",
                           "inputTokens", "outputTokens", "timeToFirstTokenMs", "durationMs", "finishReason", "status",
                           "searchVector", "createdAt", "updatedAt")
    SELECT id, conv_id, parent, 'assistant'::"MessageRole", jsonb_build_array(jsonb_build_object('type', 'text', 'text', body)),
           body, model_id, provider, params, input_tokens, output_tokens, ttft, ttft + output_tokens * ms_per_token,
           'stop', 'complete'::"MessageStatus", v, created, created + (ttft + output_tokens * ms_per_token) * interval '1 millisecond'
      FROM (SELECT pg_temp.sid(${kind}, g) AS id, conv_id, pg_temp.sid(${KIND.prompt}, g) AS parent, model_id, provider,
                   ${params(variant)} AS params, ms_per_token, ${answerAt(variant)} AS created,
                   sys_tokens + 25 + (t - 1) * 380 + floor(pg_temp.rnd(g, 57) * 120)::int AS input_tokens,
                   greatest(1, round((o.len + 1 + p.len + CASE WHEN ${closes} THEN 1 + e.len ELSE 0 END) / 4.2))::int AS output_tokens,
                   ttft_min + floor(pg_temp.rnd(g, ${salt + 4}) * ttft_span)::int AS ttft,
                   o.text || ' ' || p.text || CASE WHEN ${closes} THEN ' ' || e.text ELSE '' END AS body,
                   o.v || p.v || CASE WHEN ${closes} THEN e.v ELSE ''::tsvector END AS v
              FROM turn
              JOIN "_flywheel_seed_text" o ON o.kind = 1 AND o.k = floor(pg_temp.rnd(g, ${salt}) * ${SENTENCES})::int
              JOIN "_flywheel_seed_text" p ON p.kind = 2 AND p.k = floor(pg_temp.rnd(g, ${salt + 1}) * ${PARAGRAPHS})::int
              JOIN "_flywheel_seed_text" e ON e.kind = 1 AND e.k = floor(pg_temp.rnd(g, ${salt + 2}) * ${SENTENCES})::int
             ${variant === "regenerated" ? `WHERE ${isRegen("g")}` : ""}
            OFFSET 0) m`;
}

/** Feedback on first answers (all but the unrated turns) or on regenerated ones (when both are rated). */
export function feedbackStatement(plan: SeedPlan, variant: "answer" | "regenerated"): string {
  const admins = plan.users >= 100 ? 2 : 1;
  const key = variant === "answer" ? "g * 2" : "g * 2 + 1";
  const rating =
    variant === "answer"
      ? `CASE WHEN ${isRegen("g")} THEN (CASE WHEN ${firstWorse("g")} THEN 'down' ELSE 'up' END)
              WHEN pg_temp.rnd(g, 58) < 0.65 THEN 'up' ELSE 'down' END`
      : `CASE WHEN ${firstWorse("g")} THEN 'up' ELSE 'down' END`;
  const where =
    variant === "answer"
      ? `NOT EXISTS (SELECT 1 FROM "_flywheel_seed_unrated" un WHERE un.g = turn.g)`
      : `${isRegen("g")} AND ${siblingRated("g")}`;
  const reasons = (list: readonly string[]) =>
    `CASE WHEN pg_temp.rnd(key, 81) < 0.85 THEN ARRAY[(${arr(list)})[${pick("key", 82, list.length)}]]
          ELSE ARRAY[(${arr(list)})[${pick("key", 82, list.length)}],
                     (${arr(list)})[1 + (${pick("key", 82, list.length)} + floor(pg_temp.rnd(key, 83) * ${list.length - 1})::int) % ${list.length}]] END`;
  const ninetyDaysAgo = `(${now(plan)} - interval '90 days')`;
  return `WITH ${TURNS}
    INSERT INTO "Feedback" ("id", "messageId", "userId", "conversationId", "rating", "reasons", "comment", "modelId", "provider",
                            "params", "reviewStatus", "reviewNote", "reviewedAt", "reviewedById", "createdAt", "updatedAt")
    SELECT pg_temp.sid(${KIND.feedback}, key), message_id, user_id, conv_id, rating::"Rating",
           CASE WHEN pg_temp.rnd(key, 80) < 0.5 THEN '{}'::text[]
                WHEN rating = 'up' THEN ${reasons(GOOD_REASONS)} ELSE ${reasons(BAD_REASONS)} END,
           CASE WHEN pg_temp.rnd(key, 84) >= 0.15 THEN ''
                WHEN rating = 'up' THEN (${arr(GOOD_COMMENTS)})[${pick("key", 85, GOOD_COMMENTS.length)}]
                ELSE (${arr(BAD_COMMENTS)})[${pick("key", 85, BAD_COMMENTS.length)}] END,
           model_id, provider, params,
           CASE WHEN review < 0.10 THEN 'reviewed' WHEN review < 0.13 THEN 'excluded' ELSE 'pending' END::"ReviewStatus",
           CASE WHEN review < 0.10 AND pg_temp.rnd(key, 86) < 0.3 OR review >= 0.10 AND review < 0.13
                THEN (${arr(REVIEW_NOTES)})[${pick("key", 87, REVIEW_NOTES.length)}] ELSE '' END,
           reviewed_at, CASE WHEN review < 0.13 THEN pg_temp.sid(${KIND.user}, ${pick("key", 88, admins)}) END,
           created, coalesce(reviewed_at, created)
      FROM (SELECT *, CASE WHEN review < 0.13
                           THEN least(created + ${seconds("3600 + pg_temp.rnd(key, 89) * 7 * 86400")}, ${now(plan)}) END AS reviewed_at
              FROM (SELECT ${key} AS key, user_id, conv_id, model_id, provider, ${params(variant)} AS params,
                           pg_temp.sid(${variant === "answer" ? KIND.answer : KIND.regenerated}, g) AS message_id,
                           ${rating} AS rating, pg_temp.rnd(${key}, 90) AS review,
                           CASE WHEN base < ${ninetyDaysAgo} THEN ${now(plan)} - ${seconds(`pg_temp.rnd(${key}, 91) * 90 * 86400`)}
                                ELSE least(base, ${now(plan)}) END AS created
                      FROM (SELECT turn.*, ${answerAt(variant)} + ${seconds(`15 + 2 + 598 * pg_temp.rnd(${key}, 92) ^ 2`)} AS base
                              FROM turn WHERE ${where}) b
                    OFFSET 0) f
            OFFSET 0) r`;
}

/** "Which is better?" answers for regenerated turns: implied by opposite ratings, or asked explicitly (~80%). */
export function comparisonStatement(plan: SeedPlan): string {
  return `WITH ${TURNS}
    INSERT INTO "Comparison" ("id", "userId", "conversationId", "promptId", "answerAId", "answerBId", "preferredId", "source",
                              "createdAt", "updatedAt")
    SELECT pg_temp.sid(${KIND.comparison}, g), user_id, conv_id, pg_temp.sid(${KIND.prompt}, g), least(a, b), greatest(a, b),
           CASE WHEN ${siblingRated("g")} THEN (CASE WHEN ${firstWorse("g")} THEN b ELSE a END)
                WHEN pg_temp.rnd(g, 93) < 0.25 THEN NULL WHEN pg_temp.rnd(g, 93) < 0.75 THEN b ELSE a END,
           CASE WHEN ${siblingRated("g")} THEN 'ratings' ELSE 'explicit' END::"ComparisonSource", created, created
      FROM (SELECT turn.*, pg_temp.sid(${KIND.answer}, g) AS a, pg_temp.sid(${KIND.regenerated}, g) AS b,
                   least(${answerAt("regenerated")} + ${seconds("20 + 280 * pg_temp.rnd(g, 94)")}, ${now(plan)}) AS created
              FROM turn WHERE ${isRegen("g")} AND (${siblingRated("g")} OR pg_temp.rnd(g, 95) < 0.8)) x`;
}

/** Implicit signals: a "regenerate" event per regenerated answer and "copy" on ~4% of answers. */
export function eventStatement(plan: SeedPlan): string {
  return `WITH ${TURNS}
    INSERT INTO "InteractionEvent" ("id", "type", "userId", "conversationId", "messageId", "payload", "createdAt")
    SELECT pg_temp.sid(${KIND.event}, g * 2), 'regenerate', user_id, conv_id, pg_temp.sid(${KIND.answer}, g), '{}'::jsonb,
           ${answerAt("regenerated")} - interval '1 second'
      FROM turn WHERE ${isRegen("g")}
    UNION ALL
    SELECT pg_temp.sid(${KIND.event}, g * 2 + 1), 'copy', user_id, conv_id, pg_temp.sid(${KIND.answer}, g), '{}'::jsonb,
           least(${answerAt("answer")} + ${seconds("15 + 120 * pg_temp.rnd(g, 96)")}, ${now(plan)})
      FROM turn WHERE pg_temp.rnd(g, 97) < 0.04`;
}

export function conversationStatement(plan: SeedPlan): string {
  return `INSERT INTO "Conversation" ("id", "userId", "title", "modelId", "systemPrompt", "temporary", "currentLeafId",
                                      "createdAt", "updatedAt", "deletedAt")
    SELECT conv_id, user_id, title, model_id, system_prompt, temporary,
           CASE WHEN turns = 0 THEN NULL WHEN ${isRegen("last_g")} THEN pg_temp.sid(${KIND.regenerated}, last_g)
                ELSE pg_temp.sid(${KIND.answer}, last_g) END,
           created_at, updated_at,
           CASE WHEN deleted THEN updated_at + (${now(plan)} - updated_at) * pg_temp.rnd(n, 98) END
      FROM (SELECT *, CASE WHEN turns = 0 THEN created_at ELSE created_at + ${seconds("span_s + 120")} END AS updated_at
              FROM "_flywheel_seed_conv") c`;
}
