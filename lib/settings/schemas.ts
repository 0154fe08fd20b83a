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

/**
 * The playground, arena and leaderboard switches (Admin → Leaderboard and Admin → Models). Each field is
 * optional: a form sends the ones it shows, and only those change.
 */
export const updateFeatureSettingsInput = z
  .object({
    playgroundAdminsOnly: z.boolean({ error: "Playground access is on or off." }).optional(),
    arenaSharePercent: z
      .number({ error: "The arena share is a number from 0 to 100." })
      .int("The arena share is a whole number of percent.")
      .min(0, "The arena share is at least 0 %.")
      .max(100, "The arena share is at most 100 %.")
      .optional(),
    leaderboardPublic: z.boolean({ error: "Leaderboard visibility is on or off." }).optional(),
  })
  .strict();
