// The demo dataset behind the example files in docs/examples/ (docs/export-formats.md, "Example
// files"): a few days of realistic use of Flywheel by three people and an admin, one conversation per
// row of the mapping table ("From product events to rows"), plus the conversations the consent rule
// leaves out. Ids and times are fixed, so the export of this dataset is one exact set of files;
// tests/integration/export-examples.test.ts keeps the files equal to it.
import type { Message } from "@/lib/db/generated/client";
import { createUser } from "./factories";
import { exportRows, minutesAfter, type AnswerFacts } from "./export-rows";

/** Monday 2 March 2026, 00:00 UTC; every time in the dataset is a number of minutes after it. */
const at = minutesAfter(new Date(Date.UTC(2026, 2, 2)));
const on = (day: number, hour: number, minute: number) => (day * 24 + hour) * 60 + minute;

/** A text of several lines (answers with code, lists), written a line per argument. */
const lines = (...text: string[]) => text.join("\n");

// Two local models served by Ollama, through the OpenAI-compatible provider (see `chat`).
const LLAMA = "llama3.1:8b";
const QWEN = "qwen2.5:7b";

/**
 * Texts the export must never write: the words of the conversations the consent rule leaves out, the
 * answer whose rating an admin excluded, and a correction replaced by a newer one.
 */
export const DEMO_ABSENT = {
  consentOff: "the heating in flat 4B has been broken since Monday",
  temporary: "What are common signs of low iron?",
  deleted: "a cover letter for a barista job",
  excludedRating: "Grey rain on the roof, the maple leaves are falling",
  supersededCorrection: "LEFT JOIN orders o ON o.customer_id = c.id\nWHERE",
} as const;

type Rows = ReturnType<typeof exportRows>;

/**
 * One conversation of `owner`, written as the chat stores it: a message a minute from `start`, and on
 * every answer the token counts and timings a local model would report for its text (about four
 * characters a token, 40 tokens a second) and a generation seed.
 */
async function chat(
  rows: Rows,
  owner: string,
  start: number,
  options: { title: string; system?: string; temporary?: boolean; deleted?: boolean },
) {
  const conversation = await rows.conversation(owner, { ...options, minute: start });
  let minute = start;
  // Characters of the branch up to each message: what the model reads before answering it.
  const branchChars = new Map<string, number>();
  const above = (message: Message | null) =>
    message ? branchChars.get(message.id)! : (options.system?.length ?? 0);
  const tokens = (chars: number) => Math.ceil(chars / 4);

  async function say(
    role: "user" | "assistant",
    parent: Message | null,
    text: string,
    answer: Partial<AnswerFacts> = {},
  ) {
    const message = await rows.message(conversation.id, parent, role, text, ++minute, answer);
    branchChars.set(message.id, above(parent) + text.length);
    return message;
  }

  return {
    /** A question; `after` null starts a branch at the top (a first question, or an edit of it). */
    ask: (text: string, after: Message | null = null) => say("user", after, text),
    answer(question: Message, text: string, model = LLAMA) {
      // A few tokens of chat template around the turns.
      const inputTokens = tokens(above(question)) + 8;
      const outputTokens = tokens(text.length);
      const timeToFirstTokenMs = 150 + inputTokens * 2;
      const facts: AnswerFacts = {
        model,
        provider: "openai-compatible",
        finishReason: "stop",
        params: { seed: (minute * 2_654_435_761) % 2 ** 31 },
        inputTokens,
        outputTokens,
        timeToFirstTokenMs,
        durationMs: timeToFirstTokenMs + outputTokens * 25,
      };
      return say("assistant", question, text, facts);
    },
    rate: (
      answer: Message,
      rating: "up" | "down",
      options: Omit<Parameters<Rows["rate"]>[3], "minute"> = {},
    ) => rows.rate(owner, answer, rating, { ...options, minute: ++minute }),
    compare: (
      question: Message,
      pair: [Message, Message],
      preferred: Message | null,
      source: "explicit" | "ratings",
    ) => rows.compare(owner, question, pair, preferred, source, ++minute),
  };
}

/** Writes the demo dataset into an empty database. */
export async function seedExportDemo() {
  // Every answer comes with all its facts (`chat`), so the writer's defaults are never used.
  const rows = exportRows(at);
  const person = (name: string, options: { role?: "ADMIN"; trainingConsent?: boolean } = {}) =>
    createUser({ id: rows.nextId(), name, email: `${name.toLowerCase()}@example.com`, ...options });
  const maya = (await person("Maya")).user.id;
  const tom = (await person("Tom")).user.id;
  const priya = (await person("Priya", { trainingConsent: false })).user.id;
  const sam = (await person("Sam", { role: "ADMIN" })).user.id;

  // Multi-turn with a system prompt: the first answer rated up, the second not, the third up.
  const python = await chat(rows, maya, on(0, 9, 12), {
    title: "Sort dictionaries by key",
    system: "You are a helpful programming assistant. Prefer short, runnable Python examples.",
  });
  const p1 = await python.ask("How do I sort a list of dictionaries by one of their keys in Python?");
  const p1a = await python.answer(
    p1,
    lines(
      "Use `sorted()` with a `key` function that picks the value to sort by:",
      "",
      "```python",
      'people = [{"name": "Ana", "age": 31}, {"name": "Ben", "age": 25}]',
      'by_age = sorted(people, key=lambda person: person["age"])',
      "```",
      "",
      "`sorted()` returns a new list; `people.sort(key=...)` sorts the list in place instead.",
    ),
  );
  await python.rate(p1a, "up", { reasons: ["easy_to_understand"] });
  const p2 = await python.ask("And from oldest to youngest?", p1a);
  const p2a = await python.answer(
    p2,
    lines(
      "Add `reverse=True`:",
      "",
      "```python",
      'by_age_desc = sorted(people, key=lambda person: person["age"], reverse=True)',
      "```",
    ),
  );
  const p3 = await python.ask(
    'Some of the dictionaries have no "age" key. How do I put those last instead of getting a KeyError?',
    p2a,
  );
  const p3a = await python.answer(
    p3,
    lines(
      "Sort on a pair whose first item says whether the key is there. With `reverse=True`, `True` sorts before `False`, so people with an age come first, oldest first:",
      "",
      "```python",
      "by_age_desc = sorted(",
      '    people, key=lambda person: ("age" in person, person.get("age", 0)), reverse=True',
      ")",
      "```",
      "",
      "People without an age come last, in their original order: Python's sort is stable, also with `reverse=True`.",
    ),
  );
  await python.rate(p3a, "up", { reasons: ["correct"] });

  // Thumbs up with reasons and a comment, on a regenerated answer; the first try was not rated.
  const recipe = await chat(rows, maya, on(0, 18, 40), { title: "Dinner with chickpeas" });
  const r1 = await recipe.ask(
    "I have a can of chickpeas, a bag of spinach, canned tomatoes and rice. What can I cook for two tonight?",
  );
  await recipe.answer(
    r1,
    "You could make a chickpea salad: drain the chickpeas, mix them with raw spinach and chopped tomatoes, and serve the rice on the side.",
  );
  const r1b = await recipe.answer(
    r1,
    lines(
      "Chickpea and spinach stew over rice, in about 30 minutes:",
      "",
      "1. Rinse 1 cup of rice and simmer it covered in 2 cups of water for 18 minutes.",
      "2. Meanwhile, soften a chopped onion and 2 cloves of garlic in olive oil, then stir in 1 tsp of cumin and 1 tsp of paprika.",
      "3. Add the canned tomatoes and the drained chickpeas; simmer for 10 minutes.",
      "4. Stir in the spinach a handful at a time until it wilts; season with salt, pepper and a squeeze of lemon.",
      "",
      "Serve the stew over the rice. No onion or garlic? It still works — use a little more of the spices.",
    ),
  );
  await recipe.rate(r1b, "up", {
    reasons: ["easy_to_understand", "creative"],
    comment: "Made it tonight, really good. I added chili flakes.",
  });

  // Thumbs down only: a wrong answer, with the user's comment saying why.
  const visa = await chat(rows, tom, on(1, 8, 5), { title: "Visa for Japan" });
  const v1 = await visa.ask("Do I need a visa to visit Japan for two weeks as a US citizen?");
  const v1a = await visa.answer(
    v1,
    "Yes. US citizens need a tourist visa for any visit to Japan. Apply at the nearest Japanese consulate at least a month before you travel.",
  );
  await visa.rate(v1a, "down", {
    reasons: ["not_factual", "outdated"],
    comment: "Wrong: US citizens can visit Japan without a visa for up to 90 days.",
  });

  // A follow-up answered wrongly, rated down, reviewed and corrected twice by an admin: the newer
  // correction fixes the older one, and only it is exported.
  const sql = await chat(rows, maya, on(1, 10, 30), { title: "Top customers in 2025" });
  const s1 = await sql.ask(
    "Write a SQL query that returns the 5 customers who spent the most in 2025. Tables: customers(id, name) and orders(id, customer_id, total, created_at).",
  );
  const s1a = await sql.answer(
    s1,
    lines(
      "```sql",
      "SELECT c.id, c.name, SUM(o.total) AS spent",
      "FROM customers c",
      "JOIN orders o ON o.customer_id = c.id",
      "WHERE o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'",
      "GROUP BY c.id, c.name",
      "ORDER BY spent DESC",
      "LIMIT 5;",
      "```",
    ),
  );
  const s2 = await sql.ask(
    "Now list every customer with their 2025 total, including customers who ordered nothing in 2025 (show 0 for them).",
    s1a,
  );
  const s2a = await sql.answer(
    s2,
    lines(
      "```sql",
      "SELECT c.id, c.name, COALESCE(SUM(o.total), 0) AS spent",
      "FROM customers c",
      "JOIN orders o ON o.customer_id = c.id",
      "WHERE o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'",
      "GROUP BY c.id, c.name",
      "ORDER BY spent DESC;",
      "```",
      "",
      "`COALESCE` turns a missing total into 0.",
    ),
  );
  await sql.rate(s2a, "down", {
    reasons: ["not_following_instructions"],
    comment: "Customers without orders are still missing.",
    review: { status: "reviewed", minute: on(2, 9, 15), note: "Inner join drops them; corrected." },
  });
  await rows.correct(
    s2a,
    lines(
      "```sql",
      "SELECT c.id, c.name, COALESCE(SUM(o.total), 0) AS spent",
      "FROM customers c",
      "LEFT JOIN orders o ON o.customer_id = c.id",
      "WHERE o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'",
      "GROUP BY c.id, c.name",
      "ORDER BY spent DESC;",
      "```",
    ),
    on(2, 9, 14),
    sam,
  );
  await rows.correct(
    s2a,
    lines(
      "Use a `LEFT JOIN`, and put the date range in the join condition: a `WHERE` on `orders` would drop the customers without orders again.",
      "",
      "```sql",
      "SELECT c.id, c.name, COALESCE(SUM(o.total), 0) AS spent",
      "FROM customers c",
      "LEFT JOIN orders o",
      "  ON o.customer_id = c.id",
      " AND o.created_at >= '2025-01-01' AND o.created_at < '2026-01-01'",
      "GROUP BY c.id, c.name",
      "ORDER BY spent DESC;",
      "```",
    ),
    on(2, 9, 21),
    sam,
  );

  // "Is this response better or worse?": a regeneration with another model, chosen over the first.
  const threads = await chat(rows, tom, on(1, 14, 2), { title: "Processes and threads" });
  const t1 = await threads.ask("Explain the difference between a process and a thread in two sentences.");
  const t1a = await threads.answer(
    t1,
    "A process is an independent program in execution with its own memory space, file handles and other system resources, scheduled by the operating system and communicating with other processes through pipes, sockets or shared memory. A thread, on the other hand, is the smallest unit of execution the scheduler runs; threads live inside a process and share its memory and resources, which makes switching between them cheaper but also means a bug in one thread can corrupt data the others use, so shared data must be protected with locks or similar primitives.",
  );
  const t1b = await threads.answer(
    t1,
    "A process is a running program with its own private memory and resources. A thread is a path of execution inside a process: threads of one process share its memory, so they are cheaper to create but need care when they touch the same data.",
    QWEN,
  );
  await threads.compare(t1, [t1a, t1b], t1b, "explicit");

  // "Same": a tie, which trains nothing.
  const kitten = await chat(rows, maya, on(2, 19, 45), { title: "Kitten names" });
  const k1 = await kitten.ask("Suggest a name for a grey kitten.");
  const k1a = await kitten.answer(k1, "How about Smokey? It suits a grey coat and is easy to call out.");
  const k1b = await kitten.answer(k1, "Try Pebble: short, cute, and it matches the grey fur.");
  await kitten.compare(k1, [k1a, k1b], null, "explicit");

  // A comparison implied by ratings: the first answer rated down, its regeneration up.
  const decimals = await chat(rows, tom, on(3, 11, 20), { title: "Comparing decimals" });
  const d1 = await decimals.ask("Which is bigger, 9.11 or 9.9?");
  const d1a = await decimals.answer(d1, "9.11 is bigger, because 11 is bigger than 9.");
  await decimals.rate(d1a, "down", { reasons: ["not_factual"] });
  const d1b = await decimals.answer(
    d1,
    "9.9 is bigger. Compare them with the same number of decimal places: 9.9 is 9.90, and 9.90 is more than 9.11.",
  );
  await decimals.rate(d1b, "up", { reasons: ["correct"] });
  await decimals.compare(d1, [d1a, d1b], d1b, "ratings");

  // An edited question: two branches, each its own history; the old answer is not a rejection.
  const phrase = await chat(rows, maya, on(3, 16, 8), { title: "Portuguese phrase" });
  const q1 = await phrase.ask('How do I say "Where is the train station?" in Portuguese?');
  const q1a = await phrase.answer(q1, "Onde fica a estação de trem?");
  await phrase.rate(q1a, "down", {
    reasons: ["other"],
    comment: "I'm going to Lisbon; this is the Brazilian wording.",
  });
  const q2 = await phrase.ask(
    'How do I say "Where is the train station?" in European Portuguese? I\'m travelling to Lisbon.',
  );
  const q2a = await phrase.answer(
    q2,
    lines(
      "Onde fica a estação de comboios?",
      "",
      'In Portugal a train is a *comboio*; *trem* is the Brazilian word. If it is clear that you mean the train station, "Onde fica a estação?" is enough.',
    ),
  );
  await phrase.rate(q2a, "up", { reasons: ["correct", "easy_to_understand"] });

  // An admin excluded one rating (the answer is not a haiku); the other answer's rating stays.
  const haiku = await chat(rows, tom, on(4, 7, 50), { title: "Autumn haiku" });
  const h1 = await haiku.ask("Write a haiku about autumn rain.");
  const h1a = await haiku.answer(
    h1,
    "Grey rain on the roof, the maple leaves are falling down, the whole street smells of wet earth and of woodsmoke.",
  );
  await haiku.rate(h1a, "up", {
    review: { status: "excluded", minute: on(4, 15, 0), note: "Not a haiku (5-7-5); keep out of training." },
  });
  const h1b = await haiku.answer(
    h1,
    lines("Cold rain on the roof —", "red maple leaves let go and", "float down the gutter."),
  );
  await haiku.rate(h1b, "up", { reasons: ["creative"] });

  // Left out by the consent rule: a user who turned training use off, a temporary chat, and a
  // conversation deleted after its answer was rated up.
  const landlord = await chat(rows, priya, on(2, 8, 30), { title: "Message to landlord" });
  const l1 = await landlord.ask(`Draft a short message to my landlord: ${DEMO_ABSENT.consentOff}.`);
  await landlord.rate(
    await landlord.answer(
      l1,
      "Hello Mr. Okafor, the heating in flat 4B has not worked since Monday. Could you arrange a repair this week? Thank you, Priya",
    ),
    "up",
  );
  const iron = await chat(rows, maya, on(4, 21, 5), { title: "Low iron", temporary: true });
  const i1 = await iron.ask(DEMO_ABSENT.temporary);
  await iron.rate(
    await iron.answer(
      i1,
      "Common signs are tiredness, pale skin, shortness of breath and cold hands and feet. A blood test tells for sure; talk to your doctor before taking supplements.",
    ),
    "up",
  );
  const letter = await chat(rows, tom, on(4, 12, 30), { title: "Cover letter", deleted: true });
  const c1 = await letter.ask(`Help me start ${DEMO_ABSENT.deleted} in two lines.`);
  await letter.rate(
    await letter.answer(
      c1,
      "I have spent two years making coffee for the morning rush at a busy station kiosk, and I would love to bring that speed and care to your café.",
    ),
    "up",
  );

  return { users: { maya, tom, priya, sam } };
}
