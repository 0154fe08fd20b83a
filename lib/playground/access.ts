import "server-only";
import { notFound } from "../errors/app-error";
import { requireUser, type ActiveUser, type Actor } from "../auth/actor";
import { featureSettings } from "../settings/app-settings";
import { modelsForRole } from "../models/registry";

// Who may use the playground: a signed-in user who may use at least one model, and only admins when
// an admin restricted it (AppSettings.playgroundAdminsOnly). Everyone else is told "not found", as for
// any page they may not see.

/** Whether an active user may use the playground (for the navigation link). */
export async function mayUsePlayground(user: Pick<ActiveUser, "role">): Promise<boolean> {
  const settings = await featureSettings();
  if (settings.playgroundAdminsOnly && user.role !== "ADMIN") return false;
  const { models } = await modelsForRole(user.role);
  return models.length > 0;
}

/** The acting user, when they may use the playground; NOT_FOUND for anyone else (anonymous: sign in). */
export async function requirePlaygroundUser(actor: Actor): Promise<ActiveUser> {
  const user = await requireUser(actor);
  if (!(await mayUsePlayground(user))) throw notFound("Not found");
  return user;
}
