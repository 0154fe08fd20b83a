import { z } from "zod";

export const listUsersInput = z.object({ search: z.string().trim().max(200).default("") });
export const setUserRoleInput = z.object({ userId: z.uuid(), role: z.enum(["USER", "ADMIN"]) });
export const setUserDisabledInput = z.object({ userId: z.uuid(), disabled: z.boolean() });
