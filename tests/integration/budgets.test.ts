import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listBudgets, removeBudget, setRoleBudget, setUserBudget } from "@/lib/usage/budgets";
import { assertWithinBudget, budgetStatus } from "@/lib/usage/budget";
import { getMyUsage } from "@/lib/usage/my-usage";
import { monthStart, nextMonthStart } from "@/lib/usage/month";
import { prepareTurn } from "@/lib/chat/prepare-turn";
import { AppError } from "@/lib/errors/app-error";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";
import { insertUsage, utcDay } from "../helpers/usage-rows";

beforeEach(resetDatabase);

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => (error instanceof AppError ? `${error.code}: ${error.message}` : error),
  );

const thisMonth = () => monthStart(new Date());
const resetWords = () => {
  const day = nextMonthStart(new Date());
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
};

describe("budgets (admin)", () => {
  it("are off by default, set per role and per user, listed, replaced and removed — each change audited", async () => {
    const admin = await createUser({ role: "ADMIN", email: "boss@example.test" });
    const ana = await createUser({ email: "ana@example.test" });
    expect(await listBudgets(admin.actor)).toEqual({ roles: { USER: null, ADMIN: null }, users: [] });
    expect(await budgetStatus(ana.user.id)).toBeNull();

    const role = await setRoleBudget(admin.actor, { role: "USER", unit: "usd", monthlyLimit: "5" });
    await setRoleBudget(admin.actor, { role: "USER", unit: "tokens", monthlyLimit: "20000" });
    const override = await setUserBudget(admin.actor, {
      email: "ANA@example.test",
      unit: "usd",
      monthlyLimit: 12.5,
    });
    const listed = await listBudgets(admin.actor);
    expect(listed.roles.USER).toMatchObject({ id: role.id, unit: "tokens", monthlyLimit: 20000 });
    expect(listed.roles.ADMIN).toBeNull();
    expect(listed.users).toEqual([
      expect.objectContaining({ email: "ana@example.test", unit: "usd", monthlyLimit: 12.5 }),
    ]);

    await removeBudget(admin.actor, { budgetId: override.id });
    expect((await listBudgets(admin.actor)).users).toEqual([]);

    const audit = await db().auditLog.findMany({ orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.targetType, entry.actorEmail, entry.details])).toEqual([
      [
        "budget.set",
        "budget",
        "boss@example.test",
        { scope: "role:USER", before: null, after: { unit: "usd", monthlyLimit: 5 } },
      ],
      [
        "budget.set",
        "budget",
        "boss@example.test",
        {
          scope: "role:USER",
          before: { unit: "usd", monthlyLimit: 5 },
          after: { unit: "tokens", monthlyLimit: 20000 },
        },
      ],
      [
        "budget.set",
        "budget",
        "boss@example.test",
        { scope: "user:ana@example.test", before: null, after: { unit: "usd", monthlyLimit: 12.5 } },
      ],
      [
        "budget.remove",
        "budget",
        "boss@example.test",
        { scope: "user:ana@example.test", before: { unit: "usd", monthlyLimit: 12.5 }, after: null },
      ],
    ]);
  });

  it("refuses bad input with field errors and saves nothing", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const fields = (promise: Promise<unknown>) =>
      promise.then(
        () => "saved",
        (error: unknown) => (error instanceof AppError ? error.fieldErrors : error),
      );
    expect(
      await fields(setRoleBudget(admin.actor, { role: "USER", unit: "usd", monthlyLimit: "-3" })),
    ).toEqual({
      monthlyLimit: "A budget cannot be negative.",
    });
    expect(
      await fields(setRoleBudget(admin.actor, { role: "USER", unit: "usd", monthlyLimit: "1e9" })),
    ).toEqual({
      monthlyLimit: "At most $1,000,000 a month.",
    });
    expect(
      await fields(setRoleBudget(admin.actor, { role: "OWNER", unit: "usd", monthlyLimit: "1" })),
    ).toEqual({
      role: "Choose a role.",
    });
    expect(
      await fields(
        setUserBudget(admin.actor, { email: "ghost@example.test", unit: "tokens", monthlyLimit: "10" }),
      ),
    ).toEqual({
      email: "No account has that email.",
    });
    expect(await refusal(removeBudget(admin.actor, { budgetId: randomUUID() }))).toBe(
      "NOT_FOUND: That budget no longer exists.",
    );
    expect(await db().budget.count()).toBe(0);
    expect(await db().auditLog.count()).toBe(0);
  });
});

describe("budget enforcement", () => {
  it("sums this month's usage over every source against the effective budget: the user's override over the role's", async () => {
    const admin = await createUser({ role: "ADMIN", email: "boss@example.test" });
    const ana = await createUser({ email: "ana@example.test" });
    const bo = await createUser({ email: "bo@example.test" });
    for (const u of [ana, bo]) {
      await insertUsage({
        day: thisMonth(),
        userId: u.user.id,
        inputTokens: 600,
        cachedInputTokens: 500,
        outputTokens: 300,
        costUsd: 1.5,
      });
      await insertUsage({
        day: thisMonth(),
        userId: u.user.id,
        modelId: "model-b",
        source: "api",
        inputTokens: 50,
        outputTokens: 50,
        costUsd: 0.5,
      });
    }
    // Used: 1,000 tokens (input includes cached input) and $2.00 each.
    await setRoleBudget(admin.actor, { role: "USER", unit: "usd", monthlyLimit: "2" });
    expect(await budgetStatus(ana.user.id)).toMatchObject({
      unit: "usd",
      limit: 2,
      used: 2,
      reached: true,
      override: false,
    });
    expect(await refusal(assertWithinBudget(bo.user.id))).toBe(
      `BUDGET_EXCEEDED: You have reached this month's limit of $2.00. It resets on ${resetWords()}.`,
    );

    // Ana's override lets her go on, in tokens; Bo stays under the role's budget.
    await setUserBudget(admin.actor, { email: "ana@example.test", unit: "tokens", monthlyLimit: "1001" });
    expect(await budgetStatus(ana.user.id)).toMatchObject({
      unit: "tokens",
      limit: 1001,
      used: 1000,
      reached: false,
      override: true,
    });
    expect(await refusal(assertWithinBudget(ana.user.id))).toBe("ok");
    expect(await refusal(assertWithinBudget(bo.user.id))).toMatch(/^BUDGET_EXCEEDED/);

    await setUserBudget(admin.actor, { email: "ana@example.test", unit: "tokens", monthlyLimit: "1000" });
    expect(await refusal(assertWithinBudget(ana.user.id))).toBe(
      `BUDGET_EXCEEDED: You have reached this month's limit of 1,000 tokens. It resets on ${resetWords()}.`,
    );
    // The admin role has no budget: no limit.
    expect(await budgetStatus(admin.user.id)).toBeNull();
    await insertUsage({ day: thisMonth(), userId: admin.user.id, costUsd: 1000 });
    expect(await refusal(assertWithinBudget(admin.user.id))).toBe("ok");
  });

  it("counts the current UTC month only: last month's usage is forgiven on the 1st", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const ana = await createUser();
    const lastDayOfLastMonth = utcDay(-1, new Date(`${thisMonth()}T00:00:00Z`));
    await insertUsage({ day: lastDayOfLastMonth, userId: ana.user.id, costUsd: 50 });
    await setRoleBudget(admin.actor, { role: "USER", unit: "usd", monthlyLimit: "1" });
    expect(await budgetStatus(ana.user.id)).toMatchObject({
      used: 0,
      reached: false,
      monthStart: thisMonth(),
      resetsOn: nextMonthStart(new Date()),
    });
    await insertUsage({ day: thisMonth(), userId: ana.user.id, costUsd: 0.99 });
    expect(await budgetStatus(ana.user.id)).toMatchObject({ used: 0.99, reached: false });
    // A limit of 0 allows nothing.
    await setRoleBudget(admin.actor, { role: "USER", unit: "tokens", monthlyLimit: "0" });
    expect(await budgetStatus(ana.user.id)).toMatchObject({ used: 0, limit: 0, reached: true });
  });

  it("refuses the chat turn before anything is saved, and lets it through once under budget", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const ana = await createUser();
    await insertUsage({ day: thisMonth(), userId: ana.user.id, inputTokens: 40, outputTokens: 10 });
    await setRoleBudget(admin.actor, { role: "USER", unit: "tokens", monthlyLimit: "50" });
    const submit = () => ({
      trigger: "submit",
      conversationId: null,
      parentId: null,
      message: { id: randomUUID(), text: "Hello?" },
    });
    expect(await refusal(prepareTurn(ana.actor, submit()))).toMatch(
      /^BUDGET_EXCEEDED: You have reached this month's limit of 50 tokens/,
    );
    expect(await db().message.count()).toBe(0);
    expect(await db().conversation.count()).toBe(0);

    await setRoleBudget(admin.actor, { role: "USER", unit: "tokens", monthlyLimit: "51" });
    const turn = await prepareTurn(ana.actor, submit());
    expect(await db().message.count({ where: { conversationId: turn.conversationId } })).toBe(2);
  });
});

describe("Settings → Usage", () => {
  it("shows a user their own tokens and cost this month, per model, with the budget that applies", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const ana = await createUser({ email: "ana@example.test" });
    const bo = await createUser();
    await insertUsage({
      day: thisMonth(),
      userId: ana.user.id,
      modelId: "model-a",
      inputTokens: 100,
      outputTokens: 20,
      costUsd: 0.3,
      answers: 3,
    });
    await insertUsage({
      day: thisMonth(),
      userId: ana.user.id,
      modelId: "model-b",
      source: "api",
      inputTokens: 5,
      outputTokens: 5,
      costUsd: 0.7,
    });
    await insertUsage({
      day: utcDay(-1, new Date(`${thisMonth()}T00:00:00Z`)),
      userId: ana.user.id,
      costUsd: 99,
    });
    await insertUsage({ day: thisMonth(), userId: bo.user.id, costUsd: 5, inputTokens: 1000 });

    const mine = await getMyUsage(ana.actor);
    expect(mine.totals).toEqual({ answers: 4, inputTokens: 105, outputTokens: 25, costUsd: 1 });
    expect(mine.models.map((m) => [m.modelId, m.costUsd])).toEqual([
      ["model-b", 0.7],
      ["model-a", 0.3],
    ]);
    expect(mine.budget).toBeNull();
    expect(mine.resetsOn).toBe(nextMonthStart(new Date()));

    await setUserBudget(admin.actor, { email: "ana@example.test", unit: "usd", monthlyLimit: "10" });
    expect((await getMyUsage(ana.actor)).budget).toMatchObject({
      unit: "usd",
      limit: 10,
      used: 1,
      reached: false,
    });
    expect((await getMyUsage(bo.actor)).totals).toEqual({
      answers: 1,
      inputTokens: 1000,
      outputTokens: 0,
      costUsd: 5,
    });
    expect((await getMyUsage(bo.actor)).budget).toBeNull();
  });
});
