import "server-only";
import type { ActionResult } from "../errors/action-result";
import { toActionError } from "../errors/action-result";
import type { Actor } from "./actor";
import { currentActor } from "./session";

/**
 * The body of every server action: resolves the acting user from the session and hands it to a domain
 * function (which authorises it), turning any failure into a safe { ok: false, error }.
 */
export async function runAction<T>(work: (actor: Actor) => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work(await currentActor()) };
  } catch (error) {
    return toActionError(error);
  }
}
