// Syntax highlighting, loaded only when a code block appears. Nothing here is imported eagerly except
// this small table: highlight.js's core and the one grammar a block needs are fetched with dynamic
// `import()`, each into its own chunk, so the chat page's initial JavaScript carries no grammar at all.
import type { HLJSApi, LanguageFn } from "highlight.js";

type GrammarModule = { default: LanguageFn };

// Each entry is a literal `import()` so the bundler splits every grammar into its own lazy chunk.
const grammars: Record<string, () => Promise<GrammarModule>> = {
  bash: () => import("highlight.js/lib/languages/bash"),
  c: () => import("highlight.js/lib/languages/c"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  csharp: () => import("highlight.js/lib/languages/csharp"),
  css: () => import("highlight.js/lib/languages/css"),
  diff: () => import("highlight.js/lib/languages/diff"),
  dockerfile: () => import("highlight.js/lib/languages/dockerfile"),
  go: () => import("highlight.js/lib/languages/go"),
  graphql: () => import("highlight.js/lib/languages/graphql"),
  ini: () => import("highlight.js/lib/languages/ini"),
  java: () => import("highlight.js/lib/languages/java"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  json: () => import("highlight.js/lib/languages/json"),
  kotlin: () => import("highlight.js/lib/languages/kotlin"),
  makefile: () => import("highlight.js/lib/languages/makefile"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  php: () => import("highlight.js/lib/languages/php"),
  powershell: () => import("highlight.js/lib/languages/powershell"),
  python: () => import("highlight.js/lib/languages/python"),
  ruby: () => import("highlight.js/lib/languages/ruby"),
  rust: () => import("highlight.js/lib/languages/rust"),
  scss: () => import("highlight.js/lib/languages/scss"),
  sql: () => import("highlight.js/lib/languages/sql"),
  swift: () => import("highlight.js/lib/languages/swift"),
  typescript: () => import("highlight.js/lib/languages/typescript"),
  xml: () => import("highlight.js/lib/languages/xml"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
};

// Fence names models commonly use → the grammar that covers them.
const aliases: Record<string, string> = {
  "c#": "csharp",
  "c++": "cpp",
  cc: "cpp",
  console: "bash",
  cs: "csharp",
  cxx: "cpp",
  docker: "dockerfile",
  golang: "go",
  h: "c",
  hpp: "cpp",
  htm: "xml",
  html: "xml",
  js: "javascript",
  jsonc: "json",
  json5: "json",
  jsx: "javascript",
  kt: "kotlin",
  make: "makefile",
  md: "markdown",
  mjs: "javascript",
  cjs: "javascript",
  patch: "diff",
  ps1: "powershell",
  py: "python",
  python3: "python",
  rb: "ruby",
  rs: "rust",
  sh: "bash",
  shell: "bash",
  svg: "xml",
  toml: "ini",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  yml: "yaml",
  zsh: "bash",
};

/** Code longer than this is shown plain: highlighting it would stall the main thread. */
export const MAX_HIGHLIGHT_CHARS = 100_000;

/** The grammar for a fence's language name, or null when there is none (the block stays plain). */
export function grammarFor(language: string | null): string | null {
  if (!language) return null;
  const key = language.toLowerCase();
  const name = aliases[key] ?? key;
  return Object.hasOwn(grammars, name) ? name : null;
}

let core: Promise<HLJSApi> | undefined;
const registered = new Map<string, Promise<void>>();

async function load(name: string): Promise<HLJSApi> {
  core ??= import("highlight.js/lib/core").then((m) => m.default);
  let ready = registered.get(name);
  if (!ready) {
    ready = Promise.all([core, grammars[name]!()]).then(([hljs, grammar]) => {
      hljs.registerLanguage(name, grammar.default);
    });
    registered.set(name, ready);
  }
  try {
    const [hljs] = await Promise.all([core, ready]);
    return hljs;
  } catch (error) {
    // A chunk that failed to load (offline, new deploy) is retried on the next call.
    core = undefined;
    registered.delete(name);
    throw error;
  }
}

/**
 * Highlighted HTML for `code`, or null when the language has no grammar or the code is too long.
 * highlight.js escapes every character of the code; the result contains only its own
 * `<span class="hljs-…">` markup, which is why it may be set as innerHTML.
 */
export async function highlight(code: string, language: string | null): Promise<string | null> {
  const name = grammarFor(language);
  if (!name || code.length > MAX_HIGHLIGHT_CHARS) return null;
  const hljs = await load(name);
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
