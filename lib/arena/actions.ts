"use server";

import type { z } from "zod";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import type { arenaVoteInput } from "./schemas";
import { voteArena, type ArenaVoteResult } from "./vote";

// A thin wrapper: lib/arena validates, authorises and rate-limits.
export async function voteArenaAction(
  input: z.input<typeof arenaVoteInput>,
): Promise<ActionResult<ArenaVoteResult>> {
  return runAction((actor) => voteArena(actor, input));
}
