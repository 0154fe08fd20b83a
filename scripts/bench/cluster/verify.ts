// What the database holds for the chats the clients sent: every posted message id must be stored, and
// every answer must be complete (with the upstream's full text) or interrupted (keeping a prefix of
// it), never left `streaming`; and what each client was finally told must match the stored answer.
import type pg from "pg";
import type { ChatResult } from "./chat-client";

export const INTERRUPTED = "This answer was interrupted.";

export type Verdict = {
  posted: number;
  stored: number;
  lost: string[];
  answers: number;
  complete: number;
  interrupted: number;
  /** Interrupted answers that kept some text. */
  interruptedWithText: number;
  streaming: number;
  /** Answers whose status or text is neither of the above (listed by id with what is wrong). */
  wrong: string[];
  /** User messages with no answer row. */
  unanswered: number;
  /** Clients told a final status / text that differs from the stored answer. */
  clientMismatch: string[];
};

/** The fake upstream's answer for `words` words (tests/helpers/fake-openai.ts). */
export function fullText(words: number): string {
  const vocabulary =
    "the quick brown fox jumps over a lazy dog while seven bright stars watch every small step closely".split(
      " ",
    );
  return Array.from({ length: words }, (_, i) => vocabulary[i % vocabulary.length]).join(" ");
}

type Row = {
  messageId: string;
  answerId: string | null;
  status: string | null;
  error: string | null;
  text: string | null;
};

export async function verify(sql: pg.Pool, results: ChatResult[], words: number): Promise<Verdict> {
  const full = fullText(words);
  const ids = results.map((r) => r.messageId);
  const { rows } = await sql.query<Row>(
    `SELECT u.id AS "messageId", a.id AS "answerId", a.status::text AS status, a.error, a.text
       FROM "Message" u LEFT JOIN "Message" a ON a."parentId" = u.id AND a.role = 'assistant'
      WHERE u.id = ANY($1::uuid[]) AND u.role = 'user'`,
    [ids],
  );
  const byMessage = new Map(rows.map((row) => [row.messageId, row]));
  const verdict: Verdict = {
    posted: ids.length,
    stored: byMessage.size,
    lost: ids.filter((id) => !byMessage.has(id)),
    answers: 0,
    complete: 0,
    interrupted: 0,
    interruptedWithText: 0,
    streaming: 0,
    wrong: [],
    unanswered: 0,
    clientMismatch: [],
  };
  for (const row of rows) {
    if (!row.answerId) {
      verdict.unanswered++;
      continue;
    }
    verdict.answers++;
    const text = row.text ?? "";
    if (row.status === "complete" && text === full) verdict.complete++;
    else if (row.status === "error" && row.error === INTERRUPTED && full.startsWith(text)) {
      verdict.interrupted++;
      if (text.length > 0) verdict.interruptedWithText++;
    } else if (row.status === "streaming") verdict.streaming++;
    else verdict.wrong.push(`${row.answerId}: ${row.status} ${row.error ?? ""} (${text.length} chars)`);
  }
  for (const result of results) {
    const row = byMessage.get(result.messageId);
    if (!row?.answerId || result.status === null) continue;
    if (result.answerId && result.answerId !== row.answerId) {
      verdict.clientMismatch.push(
        `${result.messageId}: told answer ${result.answerId}, stored ${row.answerId}`,
      );
    } else if (
      result.status !== row.status ||
      // An interrupted answer's stored text is what was last flushed (up to a second behind); a client
      // that resumed from Redis may have been told a little more.
      !(row.status === "error" ? result.text.startsWith(row.text ?? "") : result.text === row.text)
    ) {
      verdict.clientMismatch.push(
        `${row.answerId}: client ${result.status} (${result.text.length} chars), stored ${row.status} (${(row.text ?? "").length} chars)`,
      );
    }
  }
  return verdict;
}

/** Answers still `streaming` in the whole database right now. */
export async function streamingCount(sql: pg.Pool): Promise<number> {
  const { rows } = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM "Message" WHERE role = 'assistant' AND status = 'streaming'`,
  );
  return Number(rows[0]!.n);
}

/** Seconds since the latest interrupted answer was closed, by the database's clock (null: none). */
export async function secondsSinceLastInterrupted(sql: pg.Pool): Promise<number | null> {
  const { rows } = await sql.query<{ ago: number | null }>(
    `SELECT extract(epoch FROM (now() AT TIME ZONE 'UTC') - max("updatedAt"))::float8 AS ago
       FROM "Message" WHERE role = 'assistant' AND "finishReason" = 'interrupted'`,
  );
  return rows[0]!.ago;
}
