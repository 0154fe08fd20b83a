import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProvider, testProviderConnection, updateProvider } from "@/lib/models/admin/providers";
import { addModel, refreshProviderModels, updateModel } from "@/lib/models/admin/models";
import { getAdminModel, getAdminProvider, getModelsOverview } from "@/lib/models/admin/admin-view";
import { listAuditLog } from "@/lib/audit/list-audit-log";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// The issue's secrets test: a provider's API key (and its extra headers' values) never appear in the
// stored bytes, nor in anything an admin page, an action or the audit log hands out. Pages are
// rendered over HTTP in tests/e2e/10-admin-models.spec.ts; here are the data they are made from.

const KEY = "sk-live-9f8e7d6c5b4a39281706-Lm4Q";
const NEW_KEY = "sk-live-rotated-00112233445566-Rt7Y";
const HEADER_VALUE = "org-secret-header-value-5566";

// The key as text and in the encodings a careless copy would leave it in.
function leaks(text: string): string[] {
  const forms = [KEY, NEW_KEY, HEADER_VALUE].flatMap((secret) => [
    secret,
    Buffer.from(secret).toString("base64"),
    Buffer.from(secret).toString("base64url"),
    Buffer.from(secret).toString("hex"),
    // Anything longer than the 4 characters the page is allowed to show.
    secret.slice(0, -4),
  ]);
  return forms.filter((form) => text.includes(form));
}

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

describe("provider secrets", () => {
  it("are in no stored byte, page data, action result or audit entry", async () => {
    await resetDatabase();
    fake.setScenario({ apiKey: KEY, models: ["fake-model", "tuned-1"] });
    const { actor: admin } = await createUser({ role: "ADMIN" });
    const handedOut: unknown[] = [];
    const keep = <T>(value: T): T => {
      handedOut.push(value);
      return value;
    };

    handedOut.push(
      await testProviderConnection(admin, {
        type: "openai-compatible",
        name: "Vault",
        baseUrl: fake.url,
        apiKey: KEY,
        headers: `X-Org: ${HEADER_VALUE}`,
      }),
    );
    const { providerId } = keep(
      await createProvider(admin, {
        type: "openai-compatible",
        name: "Vault",
        baseUrl: fake.url,
        apiKey: KEY,
        headers: `X-Org: ${HEADER_VALUE}`,
      }),
    );
    // A failed test must not quote the key it was given either.
    handedOut.push(
      await testProviderConnection(admin, {
        type: "openai-compatible",
        name: "Vault",
        baseUrl: fake.url,
        apiKey: NEW_KEY,
      }).catch((error: unknown) => ({ ...(error as object), message: (error as Error).message })),
    );
    keep(await refreshProviderModels(admin, { providerId }));
    const { modelConfigId } = keep(await addModel(admin, { providerId, modelId: "ft:vault-1" }));
    keep(
      await updateModel(admin, {
        modelConfigId,
        displayName: "Vault one",
        contextWindow: 8192,
        maxOutputTokens: null,
        inputPricePerMTok: 1,
        cachedInputPricePerMTok: null,
        outputPricePerMTok: 2,
        allowedRoles: ["USER", "ADMIN"],
        temperature: null,
        topP: null,
        maxTokens: null,
        enabled: true,
      }),
    );
    fake.setScenario({ apiKey: NEW_KEY });
    keep(
      await updateProvider(admin, {
        providerId,
        type: "openai-compatible",
        name: "Vault",
        baseUrl: fake.url,
        apiKey: NEW_KEY,
        headers: "",
      }),
    );
    keep(await getModelsOverview(admin));
    const provider = keep(await getAdminProvider(admin, providerId));
    expect(provider.apiKeyMask).toBe("••••Rt7Y");
    expect(provider.headerNames).toEqual(["X-Org"]);
    keep(await getAdminModel(admin, modelConfigId));
    keep(await listAuditLog(admin, {}));
    expect(leaks(JSON.stringify(handedOut))).toEqual([]);

    // The Provider row as a raw SELECT returns it.
    const rows = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "Provider"`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.apiKeyLast4).toBe("Rt7Y");
    expect(leaks(JSON.stringify(rows))).toEqual([]);

    // A pg_dump-like read: every row of every table, each as its text form (every column).
    const tables = await db().$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`,
    );
    let dump = "";
    for (const { tablename } of tables) {
      const lines = await db().$queryRawUnsafe<{ line: string }[]>(
        `SELECT t::text AS line FROM "${tablename}" t`,
      );
      dump += lines.map((l) => l.line).join("\n");
    }
    expect(dump).toContain("Vault");
    expect(dump).toContain("ft:vault-1");
    expect(leaks(dump)).toEqual([]);
  });
});
