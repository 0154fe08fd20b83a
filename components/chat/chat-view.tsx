"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import type { ModelInfo } from "@/lib/ai/model-info";
import { buildTree, pathTo } from "@/lib/chat/tree";
import type { ConversationDetail } from "@/lib/chat/types";
import { setConversationModelAction } from "@/lib/chat/actions";
import { ChatHeader } from "./chat-header";
import { Composer, type ComposerHandle } from "./composer";
import { MessageList } from "./message-list";
import { modelNameMap } from "./model-label";
import { useModelList } from "./use-model-list";
import { TrainingNotice } from "./training-notice";
import { useChatStream } from "./use-chat-stream";
import { useConversationUrl } from "./use-conversation-url";
import { arenaPending } from "./arena/arena-state";

function trimmedNotice(count: number): string | null {
  if (count <= 0) return null;
  return `${count} earlier message${count === 1 ? " was" : "s were"} left out to fit the model's context window.`;
}

/** The chat screen: header, the branch shown, and the composer. Its state lives in useChatStream. */
export function ChatView({
  initial,
  models: pageModels,
  defaultModelId: pageDefaultModelId,
  maxChars,
  trainingConsent,
  recordedModelNames = {},
  newChatSystemPrompt = "",
}: {
  initial: ConversationDetail | null;
  models: ModelInfo[];
  defaultModelId: string;
  maxChars: number;
  /** The user's "Use my conversations to improve models" switch. */
  trainingConsent: boolean;
  /** Names of the models this conversation's answers recorded, as the registry knows them now. */
  recordedModelNames?: Record<string, string>;
  /** A new chat's system prompt to be (the user's custom instructions). */
  newChatSystemPrompt?: string;
}) {
  const {
    models,
    defaultModelId,
    refresh: refreshModels,
  } = useModelList({
    models: pageModels,
    defaultModelId: pageDefaultModelId,
  });
  const [modelId, setModelId] = useState(
    initial?.modelId && models.some((m) => m.id === initial.modelId) ? initial.modelId : defaultModelId,
  );
  const [systemPrompt, setSystemPrompt] = useState(initial?.systemPrompt ?? newChatSystemPrompt);
  const [temporary, setTemporary] = useState(initial?.temporary ?? false);
  const composer = useRef<ComposerHandle>(null);
  const giveBack = useCallback(
    (text: string) => {
      composer.current?.setText(text);
      // The model may be gone since the page was rendered: offer what there is now, and move off a
      // model that is no longer listed.
      void refreshModels().then((list) => {
        if (list)
          setModelId((current) =>
            list.models.some((m) => m.id === current) ? current : list.defaultModelId,
          );
      });
    },
    [refreshModels],
  );
  const chat = useChatStream({ initial, modelId, temporary, onRefused: giveBack });
  const { conversationId, title, messages, leafId, turn, compare, requestError, contextTrimmed } = chat.state;
  useConversationUrl(conversationId, title, temporary, initial?.source ?? "chat");

  const tree = useMemo(() => buildTree(messages), [messages]);
  const path = useMemo(() => pathTo(tree, leafId), [tree, leafId]);
  const modelNames = useMemo(() => modelNameMap(models, recordedModelNames), [models, recordedModelNames]);
  const asked = path.some((m) => m.role === "user");
  const model = models.find((m) => m.id === modelId);
  // What the next turn sends besides the draft: the system prompt and the branch shown (answers
  // stopped before their first word are not sent).
  const tokenContext = useMemo(
    () => ({
      modelId,
      system: systemPrompt,
      messages: path.filter((m) => m.text.trim().length > 0).map((m) => ({ role: m.role, text: m.text })),
    }),
    [modelId, systemPrompt, path],
  );

  const changeModel = (next: string) => {
    setModelId(next);
    if (conversationId) void setConversationModelAction({ conversationId, modelId: next });
  };

  return (
    <div className="flex h-full flex-col">
      <ChatHeader
        models={models}
        modelId={modelId}
        onModelChange={changeModel}
        busy={chat.busy}
        conversationId={conversationId}
        systemPrompt={systemPrompt}
        onSystemPromptSaved={setSystemPrompt}
        temporary={temporary}
        onTemporaryChange={setTemporary}
      />
      <TrainingNotice temporary={temporary} trainingConsent={trainingConsent} />
      <MessageList
        tree={tree}
        path={path}
        busy={chat.busy}
        streamingId={turn?.answerId ?? null}
        conversationId={conversationId}
        compare={compare}
        modelNames={modelNames}
        notice={trimmedNotice(contextTrimmed)}
        requestError={requestError}
        onEdit={(text, question) => chat.send(text, question.parentId, question.id)}
        onRegenerate={chat.regenerate}
        onSelectVersion={chat.selectVersion}
        onFeedbackChange={chat.changeFeedback}
        onCompareDone={chat.endCompare}
        arena={chat.state.arena}
        onArenaDecided={chat.decideArena}
      />
      <div className="mx-auto w-full max-w-3xl px-3 pb-4 sm:px-4">
        <Composer
          ref={composer}
          busy={chat.busy}
          maxChars={maxChars}
          tokenContext={tokenContext}
          contextWindow={model?.contextWindow ?? 8_192}
          onStop={chat.stop}
          onSend={(text) => {
            // The blind arena waits for its vote (or Skip): the draft stays in the composer.
            if (arenaPending(chat.state.arena)) return false;
            const last = path.at(-1);
            // A question follows the last answer of the branch shown (or starts the conversation).
            chat.send(text, last?.role === "assistant" ? last.id : (last?.parentId ?? null));
          }}
        />
        <p className="mt-2 text-center text-xs text-zinc-500">
          {asked
            ? "Models can make mistakes. Check important information."
            : "Enter to send, Shift+Enter for a new line."}
        </p>
      </div>
    </div>
  );
}
