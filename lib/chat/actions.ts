"use server";

import type { z } from "zod";
import { runAction } from "@/lib/auth/run-action";
import type { ActionResult } from "@/lib/errors/action-result";
import {
  deleteConversation,
  listConversations,
  renameConversation,
  restoreConversation,
  searchConversations,
  selectBranch,
  setConversationModel,
  updateSystemPrompt,
} from "./conversations";
import { stopGeneration } from "./stop-generation";
import type {
  deleteConversationInput,
  listConversationsInput,
  renameConversationInput,
  searchConversationsInput,
  selectBranchInput,
  setConversationModelInput,
  stopGenerationInput,
  updateSystemPromptInput,
} from "./schemas";
import type { ConversationSummary } from "./types";

// Thin wrappers: each resolves the session and hands it to lib/chat, which validates and authorises.
// Parameters are typed from the zod schemas so the browser cannot send a misnamed field; the domain
// function still parses, since anything can arrive over the wire.
export async function listConversationsAction(input: z.input<typeof listConversationsInput>) {
  return runAction((actor) => listConversations(actor, input));
}

export async function searchConversationsAction(
  input: z.input<typeof searchConversationsInput>,
): Promise<ActionResult<ConversationSummary[]>> {
  return runAction((actor) => searchConversations(actor, input));
}

export async function renameConversationAction(
  input: z.input<typeof renameConversationInput>,
): Promise<ActionResult<ConversationSummary>> {
  return runAction((actor) => renameConversation(actor, input));
}

export async function deleteConversationAction(
  input: z.input<typeof deleteConversationInput>,
): Promise<ActionResult<void>> {
  return runAction((actor) => deleteConversation(actor, input));
}

export async function restoreConversationAction(
  input: z.input<typeof deleteConversationInput>,
): Promise<ActionResult<ConversationSummary>> {
  return runAction((actor) => restoreConversation(actor, input));
}

export async function selectBranchAction(
  input: z.input<typeof selectBranchInput>,
): Promise<ActionResult<void>> {
  return runAction((actor) => selectBranch(actor, input));
}

export async function setConversationModelAction(
  input: z.input<typeof setConversationModelInput>,
): Promise<ActionResult<{ modelId: string }>> {
  return runAction((actor) => setConversationModel(actor, input));
}

export async function updateSystemPromptAction(
  input: z.input<typeof updateSystemPromptInput>,
): Promise<ActionResult<{ systemPrompt: string }>> {
  return runAction((actor) => updateSystemPrompt(actor, input));
}

export async function stopGenerationAction(
  input: z.input<typeof stopGenerationInput>,
): Promise<ActionResult<{ stopped: boolean }>> {
  return runAction((actor) => stopGeneration(actor, input));
}
