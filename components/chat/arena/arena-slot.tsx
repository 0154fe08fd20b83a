"use client";

import type { ReactNode } from "react";
import type { Tree } from "@/lib/chat/tree";
import type { ChatMessage } from "@/lib/chat/types";
import type { ArenaVoteResult } from "@/lib/chat/arena/arena-types";
import { modelLabel } from "../model-label";
import { ArenaPanel } from "./arena-panel";
import type { ArenaView } from "./arena-state";

/**
 * Where an answer of the branch shown is one of an arena's: while the vote is pending, the two answers
 * side by side in its place; once decided, the chosen answer as usual (`children`) under a line that
 * reveals both models. Any other answer is just `children`.
 */
export function ArenaSlot({
  arena,
  message,
  tree,
  modelNames,
  onDecided,
  children,
}: {
  arena: ArenaView | null;
  message: ChatMessage;
  tree: Tree<ChatMessage>;
  modelNames: Map<string, string>;
  onDecided: (result: ArenaVoteResult) => void;
  children: ReactNode;
}) {
  if (!arena || (message.id !== arena.answerAId && message.id !== arena.answerBId)) return children;
  const a = tree.byId.get(arena.answerAId);
  const b = tree.byId.get(arena.answerBId);
  if (!a || !b) return children;
  if (!arena.decided) return <ArenaPanel arena={arena} a={a} b={b} onDecided={onDecided} />;
  const { choice, models } = arena.decided;
  const name = (id: string | null) => modelLabel(modelNames, id);
  return (
    <div className="flex flex-col gap-2">
      <p
        role="status"
        aria-label="Models revealed"
        className="rounded-lg bg-zinc-100 px-3 py-2 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
      >
        {choice === "skip" ? "You skipped the vote." : `You preferred Response ${choice.toUpperCase()}.`}{" "}
        Response A: <strong>{name(models.a)}</strong> · Response B: <strong>{name(models.b)}</strong>
      </p>
      {children}
    </div>
  );
}
