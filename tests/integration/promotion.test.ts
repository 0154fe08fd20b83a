import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai";
import { createUser } from "../helpers/factories";
import { addProvider } from "../helpers/registry-rows";
import { resetDatabase } from "../helpers/reset";
// Types only: the modules are loaded in beforeAll, once the settings are in place.
import type * as Client from "@/lib/db/client";
import type * as Prepare from "@/lib/chat/prepare-turn";
import type * as Registry from "@/lib/models/registry";
import type * as Promotion from "@/lib/models/admin/promotion";
import type * as Default from "@/lib/models/admin/default-model";

// "Promote to default" and its undo (docs/fine-tuning.md), on a real database: the registry every
// chat reads (modelsForRole, prepareTurn) serves the promoted model, and undo puts everything back.
let fake: FakeOpenAI;
let lib: typeof Client & typeof Prepare & typeof Registry & typeof Promotion & typeof Default;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  process.env.OPENAI_COMPATIBLE_BASE_URL = fake.url;
  process.env.OPENAI_COMPATIBLE_MODELS = "fake-model";
  process.env.DEFAULT_MODEL = "fake-model";
  process.env.CHAT_RATE_LIMIT_PER_MINUTE = "1000";
  lib = {
    ...(await import("@/lib/db/client")),
    ...(await import("@/lib/chat/prepare-turn")),
    ...(await import("@/lib/models/registry")),
    ...(await import("@/lib/models/admin/promotion")),
    ...(await import("@/lib/models/admin/default-model")),
  };
});
afterAll(async () => fake.close());
beforeEach(async () => {
  await resetDatabase();
});

async function world() {
  await addProvider({
    baseUrl: fake.url,
    models: [
      { modelId: "tuned-model", upstreamId: "tuned-upstream", enabled: false },
      { modelId: "other-model", upstreamId: "other-upstream" },
    ],
  });
  lib.invalidateRegistry();
  const admin = await createUser({ role: "ADMIN", email: `admin-${randomUUID()}@example.test` });
  return { admin, ...(await createUser()) };
}

const version = async () => (await lib.db().registryState.findUniqueOrThrow({ where: { id: 1 } })).version;
const enabled = async (modelId: string) =>
  (await lib.db().modelConfig.findUniqueOrThrow({ where: { modelId } })).enabled;
const newChatModel = async (actor: Parameters<typeof lib.prepareTurn>[0]) =>
  (
    await lib.prepareTurn(actor, {
      trigger: "submit",
      conversationId: null,
      parentId: null,
      message: { id: randomUUID(), text: "Hello" },
    })
  ).info.id;

describe("promote to default", () => {
  it("enables a disabled model, makes it the default every chat gets, and undo restores both", async () => {
    const { admin, actor } = await world();
    expect((await lib.modelsForRole("USER")).defaultModelId).toBe("fake-model");
    const before = await version();

    const promotion = await lib.promoteModel(admin.actor, { modelId: "tuned-model" });
    expect(promotion).toMatchObject({ modelId: "tuned-model", previousDefaultId: null, undoable: true });
    expect(await enabled("tuned-model")).toBe(true);
    expect(await version()).toBe(before + 1);
    const roles = await lib.modelsForRole("USER");
    expect(roles.defaultModelId).toBe("tuned-model");
    expect(roles.models.map((m) => m.id)).toContain("tuned-model");
    expect(await newChatModel(actor)).toBe("tuned-model");

    const audit = await lib.db().auditLog.findFirstOrThrow({ where: { action: "model.promote" } });
    expect(audit).toMatchObject({
      actorId: admin.user.id,
      targetType: "model",
      targetId: "tuned-model",
      details: {
        promotionId: promotion.id,
        before: { defaultModelId: null },
        after: { defaultModelId: "tuned-model" },
        enabledModel: true,
      },
    });

    expect(await lib.undoPromotion(admin.actor, { promotionId: promotion.id })).toEqual({
      defaultModelId: null,
    });
    expect(await enabled("tuned-model")).toBe(false);
    expect(await version()).toBe(before + 2);
    expect((await lib.modelsForRole("USER")).defaultModelId).toBe("fake-model");
    expect(await newChatModel(actor)).toBe("fake-model");
    const undo = await lib.db().auditLog.findFirstOrThrow({ where: { action: "model.promote.undo" } });
    expect(undo).toMatchObject({
      actorId: admin.user.id,
      targetId: "tuned-model",
      details: {
        promotionId: promotion.id,
        before: { defaultModelId: "tuned-model" },
        after: { defaultModelId: null },
        disabledModel: true,
      },
    });
    const [listed] = await lib.listPromotions(admin.actor);
    expect(listed).toMatchObject({
      id: promotion.id,
      modelId: "tuned-model",
      previousDefaultId: null,
      promotedBy: admin.user.email,
      undoneBy: admin.user.email,
      undoable: false,
    });
    expect(listed!.undoneAt).toBeInstanceOf(Date);
    // Undone once is undone.
    await expect(lib.undoPromotion(admin.actor, { promotionId: promotion.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("records the previous default, leaves an enabled model enabled on undo, and only the latest can be undone", async () => {
    const { admin } = await world();
    const first = await lib.promoteModel(admin.actor, { modelId: "other-model" });
    const second = await lib.promoteModel(admin.actor, { modelId: "tuned-model" });
    expect(second.previousDefaultId).toBe("other-model");
    await expect(lib.undoPromotion(admin.actor, { promotionId: first.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Only the latest promotion can be undone.",
    });
    expect((await lib.listPromotions(admin.actor)).map((p) => [p.modelId, p.undoable])).toEqual([
      ["tuned-model", true],
      ["other-model", false],
    ]);
    await lib.undoPromotion(admin.actor, { promotionId: second.id });
    expect((await lib.modelsForRole("USER")).defaultModelId).toBe("other-model");
    // A promotion of an already enabled model does not disable it on undo… and the first is still not
    // undoable: it is not the latest.
    await expect(lib.undoPromotion(admin.actor, { promotionId: first.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const third = await lib.promoteModel(admin.actor, { modelId: "fake-model" });
    await lib.undoPromotion(admin.actor, { promotionId: third.id });
    expect(await enabled("other-model")).toBe(true);
    expect((await lib.modelsForRole("USER")).defaultModelId).toBe("other-model");
  });

  it("refuses an undo once the default was changed by hand since", async () => {
    const { admin } = await world();
    const promotion = await lib.promoteModel(admin.actor, { modelId: "tuned-model" });
    await lib.setDefaultModel(admin.actor, { modelId: "other-model" });
    await expect(lib.undoPromotion(admin.actor, { promotionId: promotion.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await lib.modelsForRole("USER")).defaultModelId).toBe("other-model");
  });

  it("refuses unknown models, the current default, and bad ids, saving nothing", async () => {
    const { admin } = await world();
    await expect(lib.promoteModel(admin.actor, { modelId: "nope" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { modelId: "Choose a registered model of an enabled provider." },
    });
    await expect(lib.promoteModel(admin.actor, { modelId: "" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await lib.promoteModel(admin.actor, { modelId: "other-model" });
    await expect(lib.promoteModel(admin.actor, { modelId: "other-model" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(lib.undoPromotion(admin.actor, { promotionId: "x" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(lib.undoPromotion(admin.actor, { promotionId: randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await lib.db().promotion.count()).toBe(1);
    expect(await lib.db().auditLog.count({ where: { action: "model.promote" } })).toBe(1);
  });
});
