// Inputs of the instance-wide settings (the AppSettings row), shared by the browser and the server.
import { z } from "zod";

export const ROLES = ["USER", "ADMIN"] as const;

/**
 * "API access": the roles whose users may call /api/v1 with their keys. Empty turns the API off for
 * everyone. Stored de-duplicated in a fixed order, so an unchanged choice compares equal.
 */
export const setApiRolesInput = z.object({
  apiRoles: z
    .array(z.enum(ROLES, { error: "Roles are USER and ADMIN." }))
    .max(10, "Roles are USER and ADMIN.")
    .transform((roles) => ROLES.filter((role) => roles.includes(role))),
});
