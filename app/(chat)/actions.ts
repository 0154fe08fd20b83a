"use server";

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
} from "@/lib/chat/conversations";
import { stopGeneration } from "@/lib/chat/running";
import type { ConversationSummary } from "@/lib/chat/types";

// Thin wrappers: each resolves the session and hands it to lib/chat, which validates and authorises.
export async function listConversationsAction(input: unknown) {
  return runAction((actor) => listConversations(actor, input));
}

export async function searchConversationsAction(
  input: unknown,
): Promise<ActionResult<ConversationSummary[]>> {
  return runAction((actor) => searchConversations(actor, input));
}

export async function renameConversationAction(input: unknown): Promise<ActionResult<ConversationSummary>> {
  return runAction((actor) => renameConversation(actor, input));
}

export async function deleteConversationAction(input: unknown): Promise<ActionResult<void>> {
  return runAction((actor) => deleteConversation(actor, input));
}

export async function restoreConversationAction(input: unknown): Promise<ActionResult<ConversationSummary>> {
  return runAction((actor) => restoreConversation(actor, input));
}

export async function selectBranchAction(input: unknown): Promise<ActionResult<void>> {
  return runAction((actor) => selectBranch(actor, input));
}

export async function setConversationModelAction(input: unknown): Promise<ActionResult<{ modelId: string }>> {
  return runAction((actor) => setConversationModel(actor, input));
}

export async function updateSystemPromptAction(
  input: unknown,
): Promise<ActionResult<{ systemPrompt: string }>> {
  return runAction((actor) => updateSystemPrompt(actor, input));
}

export async function stopGenerationAction(input: unknown): Promise<ActionResult<{ stopped: boolean }>> {
  return runAction((actor) => stopGeneration(actor, input));
}
