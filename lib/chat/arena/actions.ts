"use server";

import type { z } from "zod";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import { voteBlindArena } from "./arena-vote";
import type { ArenaVoteResult, voteBlindArenaInput } from "./arena-types";

// A thin wrapper: lib/chat/arena validates, authorises and rate-limits.
export async function voteBlindArenaAction(
  input: z.input<typeof voteBlindArenaInput>,
): Promise<ActionResult<ArenaVoteResult>> {
  return runAction((actor) => voteBlindArena(actor, input));
}
