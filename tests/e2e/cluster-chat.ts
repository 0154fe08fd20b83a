import { randomUUID } from "node:crypto";
import pg from "pg";

// Chats as a client of the cluster sends them, outside the browser: POST /api/chat with the browser's
// session cookie, the answer read as it streams (AI SDK UI message stream: `data: <json>` events, then
// `data: [DONE]`), and the stored rows read straight from the shared database.

export type Chunk = {
  type: string;
  delta?: string;
  messageId?: string;
  messageMetadata?: Record<string, unknown>;
  errorText?: string;
};

export interface LiveAnswer {
  answerId: string;
  conversationId: string;
  /** The text received so far. */
  text: () => string;
  /** Every chunk, once the stream has ended (cleanly or not). */
  ended: Promise<{ chunks: Chunk[]; done: boolean; failure: string | null }>;
}

export type RefusedChat = { refused: true; status: number; retryAfter: string | null; body: string };

/** Parses server-sent events as they arrive; calls `onChunk` for each, returns whether [DONE] came. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onChunk: (chunk: Chunk) => void,
): Promise<boolean> {
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  for await (const bytes of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!event.startsWith("data: ")) continue;
      if (event === "data: [DONE]") done = true;
      else onChunk(JSON.parse(event.slice(6)) as Chunk);
    }
  }
  return done;
}

/**
 * Reads a UI message stream (a chat's answer, or a resumed one) in the background; resolves once its
 * start chunk has come, with the answer's ids.
 */
export async function followStream(response: Response): Promise<LiveAnswer> {
  const chunks: Chunk[] = [];
  let text = "";
  let started: ((chunk: Chunk) => void) | undefined;
  const start = new Promise<Chunk>((resolve) => (started = resolve));
  const ended = readEvents(response.body!, (chunk) => {
    chunks.push(chunk);
    if (chunk.type === "text-delta") text += chunk.delta ?? "";
    if (chunk.type === "start") started!(chunk);
  }).then(
    (done) => ({ chunks, done, failure: null }),
    (error: unknown) => ({ chunks, done: false, failure: String(error) }),
  );
  const first = await Promise.race([start, ended]);
  if (!("type" in first))
    throw new Error(`the stream ended before its start chunk: ${JSON.stringify(first)}`);
  return {
    answerId: first.messageId!,
    conversationId: String(first.messageMetadata?.conversationId),
    text: () => text,
    ended,
  };
}

/** A new conversation's first message, sent to `baseUrl` with this session cookie. */
export async function postChat(baseUrl: string, cookie: string, text: string): Promise<Response> {
  return fetch(`${baseUrl}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({
      trigger: "submit",
      conversationId: null,
      parentId: null,
      message: { id: randomUUID(), text },
    }),
  });
}

/** Starts a chat and follows its answer; fails unless the instance accepted it. */
export async function startChat(baseUrl: string, cookie: string, text: string): Promise<LiveAnswer> {
  const response = await postChat(baseUrl, cookie, text);
  if (response.status !== 200) {
    throw new Error(`POST ${baseUrl}/api/chat answered ${response.status}: ${await response.text()}`);
  }
  return followStream(response);
}

export type AnswerRow = { id: string; status: string; text: string; error: string | null };

export class ClusterDatabase {
  constructor(readonly url: string) {}

  async query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query<T>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }

  async answer(id: string): Promise<AnswerRow | undefined> {
    const rows = await this.query<AnswerRow>(
      `SELECT id::text, status::text AS status, text, error FROM "Message" WHERE id = $1::uuid`,
      [id],
    );
    return rows[0];
  }

  /** Every answer to the question with this exact text, oldest first. */
  async answersTo(question: string): Promise<AnswerRow[]> {
    return this.query<AnswerRow>(
      `SELECT a.id::text, a.status::text AS status, a.text, a.error
         FROM "Message" a JOIN "Message" q ON a."parentId" = q.id
        WHERE q.text = $1 AND q.role = 'user' AND a.role = 'assistant'
        ORDER BY a."createdAt"`,
      [question],
    );
  }

  async messagesWithText(text: string): Promise<number> {
    const rows = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Message" WHERE text = $1`, [
      text,
    ]);
    return rows[0]!.n;
  }
}
