// Optional PII redaction for exports. Each find is replaced by a typed placeholder:
//
//   [EMAIL]    name@domain.tld (not `git@host:` remotes, not npm `pkg@1.2.3` specs)
//   [PHONE]    +<country> numbers (8–15 digits); North-American (555) 123-4567 / 555-123-4567 /
//              555.123.4567; national numbers with a trunk 0 and one consistent separator
//              (020 7946 0958, 030 1234567, 06 12 34 56 78), 9–12 digits
//   [IP]       IPv4 and IPv6 addresses (Node's own parser decides for IPv6), except loopback,
//              unspecified and netmask-like addresses (127.x, 0.0.0.0, ::1, ::, 255.x), which identify nobody
//   [CARD]     13–19 digits, contiguous or in 4-4-4-x / 4-6-5 groups, starting with 2–6 (the card
//              networks' ranges) and passing the Luhn check
//   [API_KEY]  key-shaped tokens: OpenAI sk-…, Anthropic sk-ant-…, Stripe sk_live_…, GitHub ghp_… /
//              github_pat_…, GitLab glpat-…, AWS AKIA…/ASIA…, Slack xox[abposr]-…, Google AIza…, Hugging
//              Face hf_…, JWTs (eyJ….eyJ….…), and any other token of 32+ characters from [A-Za-z0-9_+=-]
//              with upper case, lower case and digits that switches character class often and has
//              few vowels, as random strings do (camelCase identifiers, words, hex hashes and UUIDs
//              do not; see looksRandom)
//   [SECRET]   credentials found by their context: the password of scheme://user:password@host,
//              `Bearer`/`Basic` tokens, values assigned to names like password, secret, token, api_key,
//              access_key (`API_KEY=…`, `"password": "…"`) when they mix letters and digits, PEM private keys
//
// What survives on purpose: dates (2024-01-15, 01.02.2024), times, version numbers (v1.2.3, 10.0.19041),
// prices and ordinary numbers (including 13-digit millisecond timestamps), UUIDs, hex hashes, URLs
// without credentials. Known gaps: phone numbers written without any separator or country code
// (5551234567) and bare hex secrets are left alone, because they cannot be told from ordinary numbers
// and hashes. Redaction is a safety net for accidental PII, not an anonymisation guarantee.
import { isIPv6 } from "node:net";
import type { ChatTurn, ComparedAnswer, ExportItem } from "../types";

export const PII_KINDS = ["EMAIL", "PHONE", "IP", "CARD", "API_KEY", "SECRET"] as const;
export type PiiKind = (typeof PII_KINDS)[number];
export type RedactionCounts = Record<PiiKind, number>;

export function emptyRedactionCounts(): RedactionCounts {
  return { EMAIL: 0, PHONE: 0, IP: 0, CARD: 0, API_KEY: 0, SECRET: 0 };
}

type Rule = {
  kind: PiiKind;
  pattern: RegExp;
  /** Returns the replacement, or null to keep the match as it is. */
  replace: (match: string, groups: (string | undefined)[]) => string | null;
};

const digitsOf = (text: string) => text.replace(/\D/g, "");
const placeholder = (kind: PiiKind) => `[${kind}]`;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function classOf(char: string): number {
  if (char >= "a" && char <= "z") return 0;
  if (char >= "A" && char <= "Z") return 1;
  if (char >= "0" && char <= "9") return 2;
  return 3;
}

/**
 * Random tokens switch between lower case, upper case and digits all the time (about 6 characters in
 * 10) and have few vowels (about 1 letter in 5); identifiers made of words switch less often or have
 * far more vowels (about 2 letters in 5). The thresholds catch ~91% of random 32-character keys and
 * no camelCase/snake_case identifier we tried; the known key shapes above are caught regardless.
 */
function looksRandom(token: string): boolean {
  if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/\d/.test(token)) return false;
  let switches = 0;
  for (let i = 1; i < token.length; i++) if (classOf(token[i]!) !== classOf(token[i - 1]!)) switches += 1;
  const letters = token.replace(/[^A-Za-z]/g, "");
  const vowels = letters.replace(/[^aeiouAEIOU]/g, "").length;
  return switches / (token.length - 1) >= 0.35 && vowels / letters.length <= 0.3;
}

const IPV4_OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const SECRET_NAME =
  "(?:[A-Za-z0-9]+[_-])*(?:api[_-]?key|apikey|secret|token|password|passwd|pwd|access[_-]?key|auth)(?:[_-][A-Za-z0-9]+)*";

// Order matters: context rules first (so that `password=…` or a URL password is not half-eaten by
// another rule), then key shapes, emails, addresses, cards (before phones: longer digit runs), phones,
// and the generic random-token rule last. Placeholders contain no digits, so later rules never match them.
const RULES: Rule[] = [
  {
    kind: "SECRET",
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    replace: () => placeholder("SECRET"),
  },
  {
    kind: "SECRET",
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]+:)([^\s/?#@]+)(?=@)/gi,
    replace: (_match, [prefix]) => `${prefix ?? ""}${placeholder("SECRET")}`,
  },
  {
    kind: "API_KEY",
    pattern: new RegExp(
      "(?<![A-Za-z0-9_-])(?:" +
        [
          "sk-(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}",
          "(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}",
          "gh[pousr]_[A-Za-z0-9]{30,}",
          "github_pat_[A-Za-z0-9_]{30,}",
          "glpat-[A-Za-z0-9_-]{20,}",
          "(?:AKIA|ASIA)[0-9A-Z]{16}",
          "xox[abposr]-[A-Za-z0-9-]{10,}",
          "AIza[0-9A-Za-z_-]{35}",
          "hf_[A-Za-z0-9]{30,}",
          "eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}",
        ].join("|") +
        ")(?![A-Za-z0-9_-])",
      "g",
    ),
    // A key is random: it has digits. "sk-" followed by a hyphenated phrase is prose.
    replace: (match) => (/\d/.test(match) ? placeholder("API_KEY") : null),
  },
  {
    kind: "SECRET",
    pattern: /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/=-]{16,})(?![A-Za-z0-9._~+/=-])/g,
    replace: (_match, [scheme = "", space = "", token = ""]) =>
      /\d/.test(token) ? `${scheme}${space}${placeholder("SECRET")}` : null,
  },
  {
    kind: "SECRET",
    pattern: new RegExp(
      `\\b(${SECRET_NAME}["']?\\s*[:=]\\s*["']?)([^\\s"'\`,;()[\\]{}<>.]{6,})(?=[\\s"'\`,;]|$)`,
      "gi",
    ),
    replace: (_match, [prefix = "", value = ""]) =>
      /\d/.test(value) && /[A-Za-z]/.test(value) ? `${prefix}${placeholder("SECRET")}` : null,
  },
  {
    kind: "EMAIL",
    pattern:
      /(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]*)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![A-Za-z0-9-])/g,
    // git@github.com:org/repo is a remote, not a person.
    replace: (_match, [local]) => (local === "git" ? null : placeholder("EMAIL")),
  },
  {
    kind: "IP",
    pattern:
      /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?:%[A-Za-z0-9]+)?(?![\w:]|\.\w)/g,
    replace: (match) => {
      const address = match.split("%")[0]!;
      if (!isIPv6(address) || !/\d/.test(address) || address === "::1" || address === "::") return null;
      return placeholder("IP");
    },
  },
  {
    kind: "IP",
    pattern: new RegExp(`(?<![\\w.])(?:${IPV4_OCTET}\\.){3}${IPV4_OCTET}(?![\\w]|\\.\\d)`, "g"),
    replace: (match) =>
      match.startsWith("127.") || match.startsWith("255.") || match === "0.0.0.0" ? null : placeholder("IP"),
  },
  {
    kind: "CARD",
    pattern:
      /(?<![\w+.,-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})(?![\w]|[.,-]\d)/g,
    replace: (match) => {
      const digits = digitsOf(match);
      const cardLike = digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhn(digits);
      return cardLike ? placeholder("CARD") : null;
    },
  },
  {
    kind: "PHONE",
    pattern: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\w]|[.-]\d)/g,
    replace: (match) => {
      const count = digitsOf(match).length;
      return count >= 8 && count <= 15 ? placeholder("PHONE") : null;
    },
  },
  {
    kind: "PHONE",
    pattern: /(?<![\w+.#-])(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w]|[.-]\d)/g,
    replace: () => placeholder("PHONE"),
  },
  {
    kind: "PHONE",
    pattern: /(?<![\w+.-])0\d{1,4}([ .-])\d{2,8}(?:\1\d{2,8}){0,3}(?![\w]|[.-]\d)/g,
    replace: (match) => {
      const count = digitsOf(match).length;
      return count >= 9 && count <= 12 ? placeholder("PHONE") : null;
    },
  },
  {
    kind: "API_KEY",
    pattern: /(?<![A-Za-z0-9_+=-])[A-Za-z0-9_+=-]{32,}(?![A-Za-z0-9_+=-])/g,
    replace: (match) => (looksRandom(match) ? placeholder("API_KEY") : null),
  },
];

/** `text` with every find replaced by its placeholder; `counts`, when given, is incremented per find. */
export function redactPii(text: string, counts?: RedactionCounts): string {
  let result = text;
  for (const rule of RULES) {
    result = result.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      // replace() passes the groups, then the offset (a number): keep what precedes it.
      const groups = rest.slice(
        0,
        rest.findIndex((value) => typeof value === "number"),
      ) as (string | undefined)[];
      const replacement = rule.replace(match, groups);
      if (replacement === null) return match;
      if (counts) counts[rule.kind] += 1;
      return replacement;
    });
  }
  return result;
}

type TurnRedactor = (turn: ChatTurn) => ChatTurn;

const redactTurnWith =
  (counts?: RedactionCounts): TurnRedactor =>
  (turn) => ({ ...turn, content: redactPii(turn.content, counts) });

/**
 * A turn redactor for one export that redacts each turn once. The items of a conversation share
 * their history turns (branch-histories.ts), and each line repeats the history before it, so without
 * this a conversation of n turns is redacted n²/2 times. A redacted shared turn stays shared (and
 * frozen, as the serialiser's memo expects), and its finds are still counted once per line that
 * carries it, as before.
 */
export function createTurnRedactor(counts?: RedactionCounts): TurnRedactor {
  const done = new WeakMap<ChatTurn, { turn: ChatTurn; finds: RedactionCounts }>();
  return (turn) => {
    if (!Object.isFrozen(turn)) return redactTurnWith(counts)(turn);
    let cached = done.get(turn);
    if (!cached) {
      const finds = emptyRedactionCounts();
      cached = { turn: Object.freeze({ ...turn, content: redactPii(turn.content, finds) }), finds };
      done.set(turn, cached);
    }
    if (counts) for (const kind of PII_KINDS) counts[kind] += cached.finds[kind];
    return cached.turn;
  };
}

function redactAnswer(answer: ComparedAnswer, counts?: RedactionCounts): ComparedAnswer {
  return { ...answer, content: redactPii(answer.content, counts) };
}

/**
 * The item with every free-text field redacted — turns, answers, the correction, the comment and the
 * review note — so that every format built from it is redacted. Ids, keys, reasons, model names and
 * timestamps are not free text and are left as they are.
 */
export function redactItem<T extends ExportItem>(
  item: T,
  counts?: RedactionCounts,
  redactTurn: TurnRedactor = redactTurnWith(counts),
): T {
  const redactTurns = (turns: ChatTurn[]) => turns.map(redactTurn);
  switch (item.kind) {
    case "rating":
      return {
        ...item,
        history: redactTurns(item.history),
        answer: redactPii(item.answer, counts),
        comment: redactPii(item.comment, counts),
        review: { ...item.review, note: redactPii(item.review.note, counts) },
        correction: item.correction
          ? { ...item.correction, text: redactPii(item.correction.text, counts) }
          : null,
      };
    case "comparison":
      return {
        ...item,
        history: redactTurns(item.history),
        a: redactAnswer(item.a, counts),
        b: redactAnswer(item.b, counts),
      };
    case "compared-answer":
      return { ...item, history: redactTurns(item.history), answer: redactPii(item.answer, counts) };
  }
}
