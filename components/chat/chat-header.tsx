"use client";

import type { ModelInfo } from "@/lib/ai/model-info";
import { ModelPicker } from "./model-picker";
import { SystemPromptEditor } from "./system-prompt-editor";

/** Above the conversation: the model, and the system prompt (saved chat) or "Temporary chat" (new). */
export function ChatHeader({
  models,
  modelId,
  onModelChange,
  busy,
  conversationId,
  systemPrompt,
  onSystemPromptSaved,
  temporary,
  onTemporaryChange,
}: {
  models: ModelInfo[];
  modelId: string;
  onModelChange: (modelId: string) => void;
  busy: boolean;
  conversationId: string | null;
  systemPrompt: string;
  onSystemPromptSaved: (value: string) => void;
  temporary: boolean;
  onTemporaryChange: (temporary: boolean) => void;
}) {
  return (
    <div className="flex items-center justify-between gap-2 px-3 py-2 sm:px-4">
      <ModelPicker models={models} value={modelId} onChange={onModelChange} disabled={busy} />
      <div className="flex items-center gap-1">
        {conversationId ? (
          <SystemPromptEditor
            conversationId={conversationId}
            value={systemPrompt}
            onSaved={onSystemPromptSaved}
          />
        ) : (
          <button
            type="button"
            aria-pressed={temporary}
            onClick={() => onTemporaryChange(!temporary)}
            className={`rounded-md px-2 py-1.5 text-sm ${
              temporary
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
            }`}
          >
            Temporary chat
          </button>
        )}
      </div>
    </div>
  );
}
