import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { authenticate } from "@/lib/users/authenticate";
import {
  changePassword,
  deleteAccount,
  getSettings,
  setTrainingConsent,
  updateProfile,
} from "@/lib/users/settings";
import { createUser, PASSWORD } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

async function seedConversation(userId: string) {
  const conversation = await db().conversation.create({ data: { userId, title: "Hello" } });
  const question = await db().message.create({
    data: {
      conversationId: conversation.id,
      role: "user",
      text: "Hi",
      parts: [{ type: "text", text: "Hi" }],
    },
  });
  const answer = await db().message.create({
    data: { conversationId: conversation.id, parentId: question.id, role: "assistant", text: "Hello!" },
  });
  await db().feedback.create({
    data: {
      messageId: answer.id,
      userId,
      conversationId: conversation.id,
      rating: "up",
      reasons: ["Correct"],
    },
  });
  await db().interactionEvent.create({
    data: { type: "copy", userId, conversationId: conversation.id, messageId: answer.id },
  });
  return conversation;
}

describe("settings", () => {
  beforeEach(resetDatabase);

  it("renames, and rejects an empty name with a field message", async () => {
    const { actor } = await createUser();
    await expect(updateProfile(actor, { name: "  Grace Hopper " })).resolves.toEqual({
      name: "Grace Hopper",
    });
    await expect(updateProfile(actor, { name: "" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { name: "Enter your name." },
    });
    expect((await getSettings(actor)).name).toBe("Grace Hopper");
  });

  it("changes the password only with the current one", async () => {
    const { actor, user } = await createUser();
    await expect(
      changePassword(actor, { currentPassword: "wrong", newPassword: "brand new password" }),
    ).rejects.toMatchObject({
      fieldErrors: { currentPassword: "Current password is incorrect." },
    });
    await changePassword(actor, { currentPassword: PASSWORD, newPassword: "brand new password" });
    await expect(
      authenticate({ email: user.email, password: "brand new password" }, "10.9.0.1"),
    ).resolves.toEqual({
      id: user.id,
    });
  });

  it("throttles guesses of the current password like sign-in, even the right one past the limit", async () => {
    const { actor } = await createUser();
    for (let i = 0; i < 10; i++) {
      await expect(
        changePassword(actor, { currentPassword: `guess ${i}`, newPassword: "brand new password" }),
      ).rejects.toMatchObject({ code: "VALIDATION" });
    }
    const refused = changePassword(actor, { currentPassword: PASSWORD, newPassword: "brand new password" });
    await expect(refused).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await expect(refused).rejects.toThrow(
      /^Too many wrong current passwords\. Try again in 1[45] minutes\.$/,
    );
  });

  it("checks at most the limit of 40 parallel guesses of the current password", async () => {
    const { actor } = await createUser();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        changePassword(actor, { currentPassword: `guess ${i}`, newPassword: "brand new password" }),
      ),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code: string }).code : "ok"));
    expect(codes.filter((code) => code === "VALIDATION")).toHaveLength(10);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(30);
  });

  it("switches training consent off and on", async () => {
    const { actor } = await createUser();
    await expect(setTrainingConsent(actor, { consent: false })).resolves.toEqual({ trainingConsent: false });
    expect((await getSettings(actor)).trainingConsent).toBe(false);
    await expect(setTrainingConsent(actor, { consent: "yes" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await getSettings(actor)).trainingConsent).toBe(false);
  });

  it("deletes the account with every conversation, message, rating and event, and nobody else's", async () => {
    const { actor, user } = await createUser();
    const other = await createUser();
    await seedConversation(user.id);
    const kept = await seedConversation(other.user.id);

    await expect(deleteAccount(actor, { confirmation: "someone@else.test" })).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await deleteAccount(actor, { confirmation: user.email.toUpperCase() });

    expect(await db().user.findUnique({ where: { id: user.id } })).toBeNull();
    expect(await db().conversation.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().message.count()).toBe(2);
    expect(await db().feedback.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().interactionEvent.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().conversation.findUnique({ where: { id: kept.id } })).not.toBeNull();
    expect(await db().feedback.count()).toBe(1);
  });

  it("does not let the only admin delete themselves while others depend on them", async () => {
    const admin = await createUser({ role: "ADMIN" });
    await createUser();
    await expect(deleteAccount(admin.actor, { confirmation: admin.user.email })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await db().user.count()).toBe(2);
  });

  it("two admins deleting their own accounts at the same time leave one admin", async () => {
    for (let round = 0; round < 3; round++) {
      await resetDatabase();
      const first = await createUser({ role: "ADMIN" });
      const second = await createUser({ role: "ADMIN" });
      await createUser();
      const results = await Promise.allSettled([
        deleteAccount(first.actor, { confirmation: first.user.email }),
        deleteAccount(second.actor, { confirmation: second.user.email }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected");
      expect(refused?.reason).toMatchObject({ code: "CONFLICT" });
      expect(await db().user.count({ where: { role: "ADMIN", disabledAt: null } })).toBe(1);
    }
  });

  it("lets the very last account, an admin, delete itself", async () => {
    const admin = await createUser({ role: "ADMIN" });
    await deleteAccount(admin.actor, { confirmation: admin.user.email });
    expect(await db().user.count()).toBe(0);
  });
});
