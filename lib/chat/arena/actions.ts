"use server";

import type { z } from "zod";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { voteArena } from "./arena-vote";
import type { ArenaVoteResult, voteArenaInput } from "./arena-types";

// A thin wrapper: lib/chat/arena validates, authorises and rate-limits.
export async function voteArenaAction(
  input: z.input<typeof voteArenaInput>,
): Promise<ActionResult<ArenaVoteResult>> {
  return runAction((actor) => voteArena(actor, input));
}
