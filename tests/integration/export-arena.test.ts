import { beforeEach, describe, expect, it } from "vitest";
import { parseInput } from "@/lib/errors/parse-input";
import { exportInput } from "@/lib/export/export-input";
import { exportLines, exporterOptions } from "@/lib/export/pipeline/export-lines";
import { formatById } from "@/lib/export/formats";
import type { FormatId } from "@/lib/export/types";
import { createUser } from "../helpers/factories";
import { exportRows, minutesAfter } from "../helpers/export-rows";
import { resetDatabase } from "../helpers/reset";

// Arena votes (the chat's blind arena, the playground's compare) in every export format: a strict
// preference goes out as an explicit choice does (a preference pair, the winner's SFT row, KTO labels);
// a tie gives nothing but its raw line; "both are bad" gives no pair and KTO false for each answer;
// raw carries the source and the both-bad flag. The mapping: docs/export-formats.md, docs/arena.md.
const at = minutesAfter(new Date(Date.UTC(2026, 0, 7, 9, 0)));

async function seed() {
  const { conversation, message, compare } = exportRows(at);
  const { user } = await createUser({ name: "Arena Voter", email: "arena@example.test" });
  const id = user.id;
  const pairs = [
    ["Which planet is largest?", "Jupiter.", "Saturn.", "a"],
    ["Best tea?", "Green.", "Black.", "tie"],
    ["Write a haiku.", "Bad one.", "Worse one.", "both-bad"],
  ] as const;
  const answers: Record<string, string> = {};
  let minute = 0;
  for (const [question, first, second, outcome] of pairs) {
    const c = await conversation(id, { minute });
    const u = await message(c.id, null, "user", question, minute + 1);
    const x = await message(c.id, u, "assistant", first, minute + 2, { model: "model-x" });
    const y = await message(c.id, u, "assistant", second, minute + 2, { model: "model-y" });
    answers[first] = x.id;
    answers[second] = y.id;
    await compare(id, u, [x, y], outcome === "a" ? x : null, "arena", minute + 3, outcome === "both-bad");
    minute += 10;
  }
  return answers;
}

async function run(raw: Record<string, unknown>) {
  const request = parseInput(exportInput, raw);
  let text = "";
  for await (const chunk of exportLines(request.filters, exporterOptions(request))) {
    if (chunk.kind === "lines") text += chunk.lines.map(({ line }) => line).join("");
  }
  const lines = text.split("\n").filter(Boolean);
  for (const line of lines)
    expect(formatById(request.format).validate(JSON.parse(line)), line).toEqual({ ok: true });
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const user = (content: string) => ({ role: "user", content });
const bot = (content: string) => ({ role: "assistant", content });

describe("export of arena votes", () => {
  let answers: Record<string, string>;
  beforeEach(async () => {
    await resetDatabase();
    answers = await seed();
  });

  it("openai-dpo and trl-preference: one pair for the strict preference, none for the tie or both-bad", async () => {
    expect(await run({ format: "openai-dpo" })).toEqual([
      {
        input: { messages: [user("Which planet is largest?")] },
        preferred_output: [bot("Jupiter.")],
        non_preferred_output: [bot("Saturn.")],
      },
    ]);
    expect(await run({ format: "trl-preference" })).toEqual([
      { prompt: [user("Which planet is largest?")], chosen: [bot("Jupiter.")], rejected: [bot("Saturn.")] },
    ]);
  });

  it("SFT: the winner's row, as an explicit choice gives; nothing from the tie or both-bad", async () => {
    for (const format of ["openai-sft", "trl-sft"] as FormatId[]) {
      const rows = await run({ format });
      expect(JSON.stringify(rows)).toContain("Jupiter.");
      for (const text of ["Saturn.", "Green.", "Black.", "Bad one.", "Worse one."]) {
        expect(JSON.stringify(rows), `${format}: ${text}`).not.toContain(text);
      }
      expect(rows).toHaveLength(1);
    }
  });

  it("trl-kto: winner true, loser false, both-bad false for each; the tie gives nothing", async () => {
    const rows = await run({ format: "trl-kto" });
    const labels = Object.fromEntries(
      rows.map((row) => [(row.completion as { content: string }[])[0]!.content, row.label]),
    );
    expect(labels).toEqual({ "Jupiter.": true, "Saturn.": false, "Bad one.": false, "Worse one.": false });
  });

  it("raw: every vote with its source and the both-bad flag", async () => {
    const rows = await run({ format: "raw" });
    expect(
      rows.map((row) => ({ source: row.source, preferred: row.preferredMessageId, bothBad: row.bothBad })),
    ).toEqual([
      { source: "arena", preferred: answers["Jupiter."], bothBad: false },
      { source: "arena", preferred: null, bothBad: false },
      { source: "arena", preferred: null, bothBad: true },
    ]);
  });

  it("goes out under a model filter as an explicit choice does (no rating needed)", async () => {
    expect(await run({ format: "openai-dpo", model: "model-x" })).toHaveLength(1);
    expect(await run({ format: "raw", model: "model-y" })).toHaveLength(3);
  });
});
