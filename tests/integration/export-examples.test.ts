// Keeps the example files in docs/examples/ true: each is the real export of the demo dataset
// (tests/helpers/export-demo.ts), byte for byte. After a change to the export or to the dataset,
// regenerate them with
//   npx vitest run --project integration tests/integration/export-examples.test.ts -u
// and read the diff: it is what a reader of docs/export-formats.md will see. In CI a difference fails.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors/parse-input";
import { formatById } from "@/lib/export/formats";
import { exportLines, exporterOptions, summaryDocument } from "@/lib/export/pipeline/export-lines";
import { exportInput } from "@/lib/export/export-input";
import { FORMAT_IDS, type FormatId } from "@/lib/export/types";
import { DEMO_ABSENT, seedExportDemo } from "../helpers/export-demo";
import { resetDatabase } from "../helpers/reset";

// File snapshots are resolved from this file's folder.
const EXAMPLES = "../../docs/examples";
// The key of the pseudonymous `user` in raw lines: fixed here, so the files do not depend on the
// environment's AUTH_SECRET.
const SECRET = "docs-examples-secret-docs-examples-secret";

/** The export of one format with default options, as the CLI writes it: the file and the summary. */
async function exportFiles(format: FormatId) {
  const request = parseInput(exportInput, { format });
  let jsonl = "";
  let summary = "";
  for await (const chunk of exportLines(request.filters, exporterOptions(request), { secret: SECRET })) {
    // Without a split every line is training data: one file.
    if (chunk.kind === "lines") jsonl += chunk.lines.map(({ line }) => line).join("");
    else summary = summaryDocument(request, chunk.summary, chunk.progress);
  }
  return { jsonl, summary };
}

describe("docs/examples: the export of the demo dataset", () => {
  beforeAll(async () => {
    await resetDatabase();
    await seedExportDemo();
  });

  it.each(FORMAT_IDS)("%s.jsonl: the pipeline's bytes, every line valid for its consumer", async (format) => {
    const { jsonl } = await exportFiles(format);
    await expect(jsonl).toMatchFileSnapshot(`${EXAMPLES}/${format}.jsonl`);
    // The file equals `jsonl` now, so these speak of the file.
    expect(jsonl.endsWith("\n")).toBe(true);
    const lines = jsonl.slice(0, -1).split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(formatById(format).validate(JSON.parse(line)), line).toEqual({ ok: true });
    // Texts are written JSON-escaped (newlines as \n).
    for (const [why, text] of Object.entries(DEMO_ABSENT)) {
      expect(jsonl, why).not.toContain(JSON.stringify(text).slice(1, -1));
    }
  });

  it("the left-out texts are in the database, so their absence from the files is a real check", async () => {
    for (const [why, text] of Object.entries(DEMO_ABSENT)) {
      const where = { text: { contains: text } };
      const stored = (await db().message.count({ where })) + (await db().correction.count({ where }));
      expect(stored, why).toBeGreaterThan(0);
    }
  });

  it("trl-kto.summary.json: the summary the CLI writes next to the file", async () => {
    const { summary } = await exportFiles("trl-kto");
    await expect(summary).toMatchFileSnapshot(`${EXAMPLES}/trl-kto.summary.json`);
  });

  it("docs/export-formats.md links every example file", () => {
    const docs = readFileSync(path.join(import.meta.dirname, "../../docs/export-formats.md"), "utf8");
    for (const name of [...FORMAT_IDS.map((format) => `${format}.jsonl`), "trl-kto.summary.json"]) {
      expect(docs).toContain(`](examples/${name})`);
    }
  });
});
