import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listUsers, setUserDisabled, setUserRole } from "@/lib/admin/users";
import { requireAdmin } from "@/lib/auth/actor";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

describe("user management", () => {
  beforeEach(resetDatabase);

  it("never demotes or disables the last active admin", async () => {
    const admin = await createUser({ role: "ADMIN" });
    await expect(setUserRole(admin.actor, { userId: admin.user.id, role: "USER" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      setUserDisabled(admin.actor, { userId: admin.user.id, disabled: true }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: admin.user.id } })).role).toBe("ADMIN");
  });

  it("promotes, demotes and disables; a demoted admin loses admin access at once", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const other = await createUser();
    await setUserRole(admin.actor, { userId: other.user.id, role: "ADMIN" });
    await expect(requireAdmin(other.actor)).resolves.toMatchObject({ role: "ADMIN" });
    await setUserRole(admin.actor, { userId: other.user.id, role: "USER" });
    await expect(requireAdmin(other.actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setUserDisabled(admin.actor, { userId: other.user.id, disabled: true })).resolves.toEqual({
      disabled: true,
    });
    const rows = await listUsers(admin.actor, { search: other.user.email.slice(0, 12) });
    expect(rows).toEqual([expect.objectContaining({ id: other.user.id, disabled: true, role: "USER" })]);
  });

  it("two admins demoting each other at once leave one admin", async () => {
    const a = await createUser({ role: "ADMIN" });
    const b = await createUser({ role: "ADMIN" });
    await Promise.allSettled([
      setUserRole(a.actor, { userId: b.user.id, role: "USER" }),
      setUserRole(b.actor, { userId: a.user.id, role: "USER" }),
    ]);
    expect(await db().user.count({ where: { role: "ADMIN" } })).toBe(1);
  });
});
