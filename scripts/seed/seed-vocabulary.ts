// The small vocabularies the seed builds its texts from. PostgreSQL assembles sentences, paragraphs and
// conversations out of these (see seed-text.ts), so the lists only need to be varied, not large.

export const WORDS = `
the a an this that these each every some any our your its their which when where while because so
if then also only just still often usually rarely always never first next finally instead however
model answer question prompt context token tokens stream response request server client browser
cache index query table column row rows record records batch job queue worker thread process pool
memory disk network latency throughput timeout retry error errors warning value values result results
config setting settings option options method function class module package library dependency build
deploy release version migration schema database replica shard cluster node region container image
test tests check review feedback rating ratings reason dataset training export format file path line
user users admin session cookie password account permission role policy secret key keys certificate
fast slow large small new old good better best simple clear short long safe stable strict lazy eager
returns reads writes sends keeps moves splits joins sorts filters groups counts measures compares
improves reduces increases avoids handles parses validates renders streams caches loads saves deletes
updates creates checks logs traces prints calls wraps opens closes starts stops restarts waits runs
before after during between within without across through over under around against into onto
JSON YAML SQL HTTP TLS DNS CSV API CLI SDK CPU GPU RAM SSD p95 p99 v2 v3 utf8 async await promise
python typescript rust golang java kotlin swift bash docker kubernetes postgres redis nginx linux
function variable loop array map object string number boolean null undefined struct interface trait
`
  .trim()
  .split(/\s+/);

/** How a user's question starts; the rest is a generated sentence. */
export const QUESTION_OPENERS = [
  "How do I fix this?",
  "Can you explain this?",
  "Quick question:",
  "Why does this happen?",
  "What is the best way to do this?",
  "Please help:",
  "I am stuck.",
  "Rewrite this so it is shorter:",
  "Is this correct?",
  "Summarise the following:",
  "Write a function for this:",
  "Translate this into plain English:",
  "What does this error mean?",
  "Give me three options:",
  "Compare these two approaches:",
  "Explain it like I am new to this:",
  "Find the bug:",
  "Draft an email about this:",
  "What are the trade-offs?",
  "Make this faster:",
  "Review this plan:",
  "Continue from here:",
  "Turn this into a checklist:",
  "What would you change?",
  "Follow-up:",
  "One more thing:",
  "That did not work.",
  "Thanks. Next:",
  "Can you give an example?",
  "Write tests for this:",
  "How would you name this?",
  "Is there a simpler way?",
];

export const TITLES = [
  "Fix the cache timeout",
  "Postgres index advice",
  "Rewrite the release notes",
  "Explain async iterators",
  "Kubernetes rollout question",
  "Email to the team",
  "Debug failing tests",
  "Summarise the meeting",
  "SQL query optimisation",
  "Regex for log lines",
  "Docker image too large",
  "Naming a new service",
  "Migration plan review",
  "Python packaging help",
  "TypeScript generics",
  "Rate limiting design",
  "Onboarding checklist",
  "Translate product copy",
  "Weekly report draft",
  "API error handling",
  "Redis eviction policy",
  "Budget spreadsheet formula",
  "Interview questions",
  "Bash script cleanup",
  "Refactor the parser",
  "Load test results",
  "Privacy policy summary",
  "CSV import edge cases",
  "Trip itinerary",
  "Recipe for four people",
  "Cover letter feedback",
  "Blog post outline",
  "Explain vector databases",
  "Fine-tuning data format",
  "Compare two libraries",
  "Unit test ideas",
  "Nginx config question",
  "Git rebase conflict",
  "Design review notes",
  "Study plan for exams",
];

export const CUSTOM_INSTRUCTIONS = [
  "Answer concisely. Use bullet points when listing things.",
  "I am a backend engineer; skip the basics and show code.",
  "Reply in British English and keep answers under 200 words.",
  "Always explain the trade-offs before recommending something.",
  "I work mostly with TypeScript and PostgreSQL.",
  "Be direct. No preamble, no summary at the end.",
  "Prefer examples over theory.",
  "I am learning to program, please explain terms you use.",
];

export const GOOD_REASONS = ["correct", "easy_to_understand", "followed_instructions", "creative", "other"];
export const BAD_REASONS = [
  "not_factual",
  "not_following_instructions",
  "incomplete",
  "unsafe",
  "too_verbose",
  "outdated",
  "other",
];

export const GOOD_COMMENTS = [
  "Exactly what I needed.",
  "Clear and short, thanks.",
  "The example made it click.",
  "Worked on the first try.",
  "Good explanation of the trade-offs.",
  "Nice, the code compiled without changes.",
  "Helpful checklist, I will reuse it.",
  "Better than the docs.",
  "Great summary of a long thread.",
  "Correct, and it cited the right option.",
  "Loved the tone of this draft.",
  "Saved me an hour of debugging.",
];

export const BAD_COMMENTS = [
  "This option does not exist in the current version.",
  "Too long, I asked for a short answer.",
  "It ignored my instruction to use TypeScript.",
  "The query is wrong, it returns duplicates.",
  "Stopped halfway through the list.",
  "The numbers in the table do not add up.",
  "Outdated: this API was removed last year.",
  "It made up a library that does not exist.",
  "Did not answer the actual question.",
  "Repeats the same point three times.",
  "The code does not compile.",
  "Wrong timezone handling in the example.",
];

export const REVIEW_NOTES = [
  "Checked against the docs.",
  "Good example for the SFT set.",
  "Contains personal data, excluded.",
  "Duplicate of an earlier rating.",
  "Test message, not real usage.",
  "Needs an ideal answer.",
  "Confirmed: the answer is wrong.",
  "Borderline, keep for DPO.",
];

export const FIRST_NAMES =
  `Ada Alan Grace Linus Margaret Dennis Barbara Ken Radia Edsger Frances Donald Hedy John Katherine
Tim Sophie Yukihiro Guido Anders Bjarne Brendan Rasmus Larry Shafi Leslie Jean Niklaus Tony Adele Carol Ivan Mary Ole
Kristen Whitfield Martin Lynn Fernando Joan Rob Ward Peter Liskov Hal Elena Omar Priya Wei Aiko Kwame Lucia Mateo Nadia`
    .trim()
    .split(/\s+/);

export const LAST_NAMES =
  `Lovelace Turing Hopper Torvalds Hamilton Ritchie Liskov Thompson Perlman Dijkstra Allen Knuth
Lamarr McCarthy Johnson Berners-Lee Wilson Matsumoto Rossum Hejlsberg Stroustrup Eich Lerdorf Wall Goldwasser Lamport
Sammet Wirth Hoare Goldberg Shaw Sutherland Kenyon Dahl Nygaard Nygard Diffie Fowler Conway Corbato Allen Pike Cunningham
Abelson Okafor Ivanova Haddad Sharma Zhang Tanaka Mensah Romero Garcia Petrova`
    .trim()
    .split(/\s+/);

/** Known model ids first; `--models` beyond this list adds generic self-hosted ones. */
export const MODELS: {
  id: string;
  provider: string;
  ttftMinMs: number;
  ttftSpanMs: number;
  msPerToken: number;
}[] = [
  { id: "gpt-4.1-mini", provider: "openai", ttftMinMs: 220, ttftSpanMs: 500, msPerToken: 9 },
  { id: "gpt-4.1", provider: "openai", ttftMinMs: 350, ttftSpanMs: 800, msPerToken: 18 },
  { id: "claude-sonnet-5-5", provider: "anthropic", ttftMinMs: 400, ttftSpanMs: 1000, msPerToken: 16 },
  { id: "llama-3.3-70b", provider: "openai-compatible", ttftMinMs: 90, ttftSpanMs: 500, msPerToken: 22 },
  { id: "offline-demo", provider: "offline", ttftMinMs: 5, ttftSpanMs: 30, msPerToken: 30 },
];

export function seedModels(count: number): typeof MODELS {
  return Array.from({ length: count }, (_, index) => {
    const known = MODELS[index];
    if (known) return known;
    return {
      id: `self-hosted-${index + 1}`,
      provider: "openai-compatible",
      ttftMinMs: 100,
      ttftSpanMs: 600,
      msPerToken: 20,
    };
  });
}
