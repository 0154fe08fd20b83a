import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/errors/parse-input";
import { exportInput, exportQuery } from "@/lib/export/export-input";
import { exportLines, exporterOptions } from "@/lib/export/pipeline/export-lines";
import { splitFor } from "@/lib/export/lines/split";
import { saveDataset } from "@/lib/datasets/save-dataset";
import { deleteDataset, getDataset, listDatasets } from "@/lib/datasets/datasets";
import { datasetForTraining, FLAGGED_DATASET_MESSAGE } from "@/lib/datasets/trainable";
import { datasetDirectory, datasetsRoot } from "@/lib/datasets/storage";
import { deleteConversation } from "@/lib/chat/conversations";
import { setTrainingConsent, deleteAccount } from "@/lib/users/settings";
import { deleteUser } from "@/lib/admin/users";
import { datasetDownloadResponse } from "@/lib/datasets/download-route";
import { createUser } from "../helpers/factories";
import { exportRows, minutesAfter } from "../helpers/export-rows";
import { resetDatabase } from "../helpers/reset";
import { startRouteServer } from "../helpers/route-server";

// Saved datasets (lib/datasets): the exact export written to disk with hashes and counts, nothing
// half-saved, the withdrawn-data flag by each of its causes, training refused on a flagged dataset,
// and the download route.
const root = mkdtempSync(path.join(tmpdir(), "flywheel-datasets-test-"));
process.env.DATASETS_DIR = root;

const at = minutesAfter(new Date(Date.UTC(2026, 0, 5, 9, 0)));
const SECRET = "integration-tests-secret-integration-tests-secret";
const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
const lineCount = (text: string) => text.split("\n").filter((line) => line !== "").length;

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer([
    {
      path: "/api/admin/datasets/:datasetId",
      methods: {
        GET: async (request, { params }) =>
          datasetDownloadResponse(request, String((await params).datasetId)),
      },
    },
  ]);
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

type Seed = Awaited<ReturnType<typeof seed>>;

/** Two users with rated conversations (one of them a duplicate of another), and an admin. */
async function seed() {
  const { conversation, message, rate } = exportRows(at);
  const admin = await createUser({ role: "ADMIN", email: "admin@example.test" });
  const alice = await createUser({ name: "Alice", email: "alice@example.test" });
  const bob = await createUser({ name: "Bob", email: "bob@example.test" });
  const conversations: { id: string; userId: string }[] = [];
  let minute = 0;
  async function rated(userId: string, question: string, answer: string) {
    const c = await conversation(userId, { minute: (minute += 1) });
    const u = await message(c.id, null, "user", question, (minute += 1));
    const a = await message(c.id, u, "assistant", answer, (minute += 1));
    await rate(userId, a, "up", { minute: (minute += 1), reasons: ["correct"] });
    conversations.push({ id: c.id, userId });
    return c;
  }
  for (let i = 0; i < 6; i++) await rated(alice.user.id, `Alice question ${i}?`, `Alice answer ${i}.`);
  for (let i = 0; i < 6; i++) await rated(bob.user.id, `Bob question ${i}?`, `Bob answer ${i}.`);
  // The same line again: dropped as a duplicate, and its conversation holds no line.
  const duplicate = await rated(bob.user.id, "Bob question 0?", "Bob answer 0.");
  return { admin, alice, bob, conversations, duplicate };
}

const REQUEST = parseInput(exportInput, { format: "trl-sft", split: "0.5", seed: "datasets-test" });
const QUERY = exportQuery(REQUEST);

async function expectedFiles() {
  const files = { train: "", validation: "" };
  for await (const chunk of exportLines(REQUEST.filters, exporterOptions(REQUEST), { secret: SECRET })) {
    if (chunk.kind === "lines") for (const line of chunk.lines) files[line.split] += line.line;
  }
  return files;
}

let s: Seed;
beforeEach(async () => {
  await resetDatabase();
  rmSync(root, { recursive: true, force: true });
  s = await seed();
});

describe("saveDataset", () => {
  it("writes the exact export with hashes, row counts, drops and the conversations it holds", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "  First snapshot ", query: QUERY });
    const expected = await expectedFiles();
    expect(lineCount(expected.train)).toBeGreaterThan(0);
    expect(lineCount(expected.validation)).toBeGreaterThan(0);

    const directory = datasetDirectory(saved.datasetId);
    expect(readdirSync(directory).sort()).toEqual([
      "trl-sft.summary.json",
      "trl-sft.train.jsonl",
      "trl-sft.validation.jsonl",
    ]);
    const train = readFileSync(path.join(directory, "trl-sft.train.jsonl"));
    const validation = readFileSync(path.join(directory, "trl-sft.validation.jsonl"));
    expect(train.toString("utf8")).toBe(expected.train);
    expect(validation.toString("utf8")).toBe(expected.validation);

    const row = await db().dataset.findUniqueOrThrow({ where: { id: saved.datasetId } });
    expect(row).toMatchObject({
      name: "First snapshot",
      format: "trl-sft",
      sha256: sha256(train),
      trainRows: lineCount(expected.train),
      validationRows: lineCount(expected.validation),
      drops: { duplicate: 1 },
      createdById: s.admin.user.id,
      flaggedAt: null,
    });
    expect(row.request).toEqual(JSON.parse(JSON.stringify(REQUEST)));
    const summary = readFileSync(path.join(directory, "trl-sft.summary.json"));
    expect(row.files).toEqual([
      {
        name: "trl-sft.train.jsonl",
        split: "train",
        bytes: train.length,
        sha256: sha256(train),
        rows: lineCount(expected.train),
      },
      {
        name: "trl-sft.validation.jsonl",
        split: "validation",
        bytes: validation.length,
        sha256: sha256(validation),
        rows: lineCount(expected.validation),
      },
      {
        name: "trl-sft.summary.json",
        split: "summary",
        bytes: summary.length,
        sha256: sha256(summary),
        rows: 0,
      },
    ]);
    expect(JSON.parse(summary.toString("utf8"))).toMatchObject({
      dropped: { duplicate: 1 },
      conversations: 13,
    });

    // One row per conversation that wrote a line, with its user and the split its lines went to.
    const held = await db().datasetConversation.findMany({
      where: { datasetId: saved.datasetId },
      orderBy: { conversationId: "asc" },
    });
    const written = s.conversations.filter((c) => c.id !== s.duplicate.id);
    expect(held).toEqual(
      written.map((c) => ({
        datasetId: saved.datasetId,
        conversationId: c.id,
        userId: c.userId,
        split: splitFor(c.id, { seed: "datasets-test", validationRatio: 0.5 }),
      })),
    );
    const audit = await db().auditLog.findMany({ where: { action: "dataset.create" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: s.admin.user.id,
      targetType: "dataset",
      targetId: saved.datasetId,
    });
  });

  it("keeps no row and no directory when the export fails midway", async () => {
    const controller = new AbortController();
    await expect(
      saveDataset(
        s.admin.actor,
        { name: "Aborted", query: QUERY },
        { signal: controller.signal, onProgress: () => controller.abort(new Error("stopped midway")) },
      ),
    ).rejects.toThrow("stopped midway");
    expect(await db().dataset.count()).toBe(0);
    expect(await db().datasetConversation.count()).toBe(0);
    expect(readdirSync(datasetsRoot())).toEqual([]);
  });

  it("keeps nothing when the database fails after the files were written", async () => {
    // A real failure inside the saving transaction: PostgreSQL refuses the conversations' rows.
    await db().$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_dataset_rows() RETURNS trigger
      LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (test)'; END $$`);
    await db().$executeRawUnsafe(`CREATE TRIGGER refuse_dataset_rows BEFORE INSERT ON "DatasetConversation"
      FOR EACH ROW EXECUTE FUNCTION refuse_dataset_rows()`);
    try {
      await expect(saveDataset(s.admin.actor, { name: "Refused", query: QUERY })).rejects.toThrow();
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER refuse_dataset_rows ON "DatasetConversation"`);
      await db().$executeRawUnsafe(`DROP FUNCTION refuse_dataset_rows()`);
    }
    expect(await db().dataset.count()).toBe(0);
    expect(await db().auditLog.count()).toBe(0);
    expect(readdirSync(datasetsRoot())).toEqual([]);
  });

  it("refuses bad input and an export without training lines, saving nothing", async () => {
    const blank = await saveDataset(s.admin.actor, { name: "  ", query: QUERY }).catch(
      (error: unknown) => error,
    );
    expect(blank).toBeInstanceOf(AppError);
    expect((blank as AppError).fieldErrors).toMatchObject({ name: "Give the dataset a name." });
    await expect(saveDataset(s.admin.actor, { name: "two\nlines", query: QUERY })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { name: "Use letters, digits and punctuation only." },
    });
    await expect(
      saveDataset(s.admin.actor, { name: "Bad split", query: "format=trl-sft&split=2" }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { split: "The split is the training share: more than 0 and less than 1, e.g. 0.9." },
    });
    const empty = await saveDataset(s.admin.actor, {
      name: "Nothing",
      query: exportQuery(parseInput(exportInput, { format: "trl-sft", rating: "down" })),
    }).catch((error: unknown) => error);
    expect(empty).toMatchObject({
      code: "VALIDATION",
      message: "Nothing to save: this export writes no training lines.",
    });
    expect(await db().dataset.count()).toBe(0);
    expect(readdirSync(datasetsRoot())).toEqual([]);
  });
});

describe("datasets list, page and delete", () => {
  it("lists and shows a dataset, and deletes its row and files (audited)", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "To delete", query: QUERY });
    const list = await listDatasets(s.admin.actor);
    expect(list).toEqual([
      expect.objectContaining({
        id: saved.datasetId,
        name: "To delete",
        createdBy: "admin@example.test",
        flaggedAt: null,
      }),
    ]);
    const detail = await getDataset(s.admin.actor, { datasetId: saved.datasetId });
    expect(detail).toMatchObject({
      conversations: 12,
      drops: { duplicate: 1 },
      request: { format: "trl-sft" },
    });
    expect(detail.files.map((file) => file.split)).toEqual(["train", "validation", "summary"]);

    await deleteDataset(s.admin.actor, { datasetId: saved.datasetId });
    expect(await db().dataset.count()).toBe(0);
    expect(await db().datasetConversation.count()).toBe(0);
    expect(readdirSync(datasetsRoot())).toEqual([]);
    expect(
      await db().auditLog.count({ where: { action: "dataset.delete", targetId: saved.datasetId } }),
    ).toBe(1);
    await expect(deleteDataset(s.admin.actor, { datasetId: saved.datasetId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("withdrawn data flags a dataset for good", () => {
  async function flagOf(datasetId: string) {
    return db().dataset.findUniqueOrThrow({
      where: { id: datasetId },
      select: { flaggedAt: true, flagReason: true },
    });
  }

  it("when its user deletes a conversation it holds (in the same transaction)", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "Snapshot", query: QUERY });
    const other = await saveDataset(s.admin.actor, {
      name: "Bob only",
      query: `${QUERY}&user=${s.bob.user.id}`,
    });
    await deleteConversation(s.alice.actor, { conversationId: s.conversations[0]!.id });
    expect(await flagOf(saved.datasetId)).toMatchObject({
      flagReason: "A conversation it holds was deleted.",
    });
    expect((await flagOf(saved.datasetId)).flaggedAt).toBeInstanceOf(Date);
    expect(await flagOf(other.datasetId)).toEqual({ flaggedAt: null, flagReason: null });
  });

  it("when its user withdraws training consent, and stays flagged when consent comes back", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "Snapshot", query: QUERY });
    await setTrainingConsent(s.bob.actor, { consent: true });
    expect((await flagOf(saved.datasetId)).flaggedAt).toBeNull();
    await setTrainingConsent(s.bob.actor, { consent: false });
    expect(await flagOf(saved.datasetId)).toMatchObject({
      flagReason: "A user whose conversations it holds withdrew training consent.",
    });
    await setTrainingConsent(s.bob.actor, { consent: true });
    await listDatasets(s.admin.actor);
    expect((await flagOf(saved.datasetId)).flaggedAt).toBeInstanceOf(Date);
  });

  it("when an admin deletes its user", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "Snapshot", query: QUERY });
    await deleteUser(s.admin.actor, { userId: s.alice.user.id, confirmation: "alice@example.test" });
    expect(await flagOf(saved.datasetId)).toMatchObject({
      flagReason: "A user whose conversations it holds was deleted.",
    });
  });

  it("when its user deletes their account", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "Snapshot", query: QUERY });
    await deleteAccount(s.bob.actor, { confirmation: "bob@example.test" });
    expect(await flagOf(saved.datasetId)).toMatchObject({
      flagReason: "A user whose conversations it holds was deleted.",
    });
  });

  it("by the catch-all when data went by a path that did not flag (a hard delete), before the list shows", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "Snapshot", query: QUERY });
    await db().conversation.delete({ where: { id: s.conversations[3]!.id } });
    expect((await flagOf(saved.datasetId)).flaggedAt).toBeNull();
    const [listed] = await listDatasets(s.admin.actor);
    expect(listed).toMatchObject({ id: saved.datasetId, flagReason: "A conversation it holds was deleted." });
  });
});

describe("datasetForTraining", () => {
  it("gives the files of a dataset, and refuses a flagged or missing one", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "Trainable", query: QUERY });
    const trainable = await datasetForTraining(saved.datasetId);
    const directory = datasetDirectory(saved.datasetId);
    expect(trainable.dataset).toMatchObject({
      id: saved.datasetId,
      name: "Trainable",
      format: "trl-sft",
      sha256: saved.sha256,
    });
    expect(trainable.train).toEqual({
      name: "trl-sft.train.jsonl",
      path: path.join(directory, "trl-sft.train.jsonl"),
      bytes: readFileSync(path.join(directory, "trl-sft.train.jsonl")).length,
      rows: saved.trainRows,
    });
    expect(trainable.validation).toMatchObject({
      name: "trl-sft.validation.jsonl",
      rows: saved.validationRows,
    });

    // Withdrawn by a path that did not flag: the refresh inside datasetForTraining catches it.
    await db().user.update({ where: { id: s.alice.user.id }, data: { trainingConsent: false } });
    await expect(datasetForTraining(saved.datasetId)).rejects.toMatchObject({
      code: "CONFLICT",
      message: FLAGGED_DATASET_MESSAGE,
    });
    await expect(datasetForTraining("00000000-0000-4000-8000-ffffffffffff")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("GET /api/admin/datasets/:id", () => {
  async function cookieFor(userId: string): Promise<string> {
    const salt = "authjs.session-token";
    const token = await encode({
      token: { uid: userId, sub: userId },
      secret: process.env.AUTH_SECRET!,
      salt,
    });
    return `${salt}=${token}`;
  }
  const get = async (userId: string | null, pathname: string) =>
    fetch(`${server.url}${pathname}`, { headers: userId ? { cookie: await cookieFor(userId) } : {} });

  it("streams a file or the ZIP with a README to admins, and is not found for anyone else", async () => {
    const saved = await saveDataset(s.admin.actor, { name: "Downloadable set", query: QUERY });
    const directory = datasetDirectory(saved.datasetId);
    const base = `/api/admin/datasets/${saved.datasetId}`;

    const file = await get(s.admin.user.id, `${base}?file=trl-sft.train.jsonl`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="trl-sft.train.jsonl"');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(sha256(bytes)).toBe(saved.sha256);

    const zip = await get(s.admin.user.id, base);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-disposition")).toBe('attachment; filename="Downloadable-set.zip"');
    const unpacked = mkdtempSync(path.join(tmpdir(), "flywheel-dataset-zip-"));
    try {
      const archive = path.join(unpacked, "set.zip");
      writeFileSync(archive, Buffer.from(await zip.arrayBuffer()));
      execFileSync("unzip", ["-t", "-q", archive]);
      const unzip = (name: string) => execFileSync("unzip", ["-p", archive, name]);
      for (const name of ["trl-sft.train.jsonl", "trl-sft.validation.jsonl", "trl-sft.summary.json"]) {
        expect(unzip(name).equals(readFileSync(path.join(directory, name)))).toBe(true);
      }
      const readme = unzip("README.md").toString("utf8");
      expect(readme).toContain("# Downloadable set");
      expect(readme).toContain(saved.sha256);
      expect(readme).toContain("trl sft \\\n  --model_name_or_path");
      expect(readme).toContain("--dataset_name .");
      expect(readme).toContain("--dataset_test_split validation");
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }

    for (const who of [s.alice.user.id, null]) {
      expect((await get(who, base)).status).toBe(404);
      expect((await get(who, `${base}?file=trl-sft.train.jsonl`)).status).toBe(404);
    }
    expect((await get(s.admin.user.id, `${base}?file=..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect((await get(s.admin.user.id, "/api/admin/datasets/not-a-uuid")).status).toBe(404);
  });
});
