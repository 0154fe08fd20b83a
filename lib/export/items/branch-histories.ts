// The history of a line: the system prompt in effect (when not blank), then only the branch from the
// first message down to the answer (parent links); sibling branches never appear.
import { isBlank } from "../formats/checks";
import type { ChatTurn } from "../types";
import type { ConversationSnapshot, SnapshotMessage } from "./snapshot";
import type { UsableEvidence } from "./usable-evidence";

export type BranchHistories = {
  /** Ids from the first message down to `messageId`, which is included only when asked. */
  pathTo(messageId: string, includeSelf: boolean): string[];
  /** The turns of a path; `lineOf` names the trained answer whose line this is (see `carry`). */
  history(path: string[], lineOf?: string): ChatTurn[];
  /** The line of answer `carrier` also trains the earlier answer `carried` (openai-sft weights). */
  carry(carrier: string, carried: string): void;
};

export function branchHistories(snapshot: ConversationSnapshot, evidence: UsableEvidence): BranchHistories {
  const { messages, ratings } = evidence;

  // A rated answer's path is asked for twice (its trained line, its rating line): walked once.
  const paths = new Map<string, string[]>();
  function walkTo(messageId: string, includeSelf: boolean): string[] {
    const ids: string[] = [];
    const seen = new Set<string>();
    let current = messages.get(messageId);
    if (current && !includeSelf) current = current.parentId ? messages.get(current.parentId) : undefined;
    while (current && !seen.has(current.id)) {
      seen.add(current.id);
      ids.push(current.id);
      current = current.parentId ? messages.get(current.parentId) : undefined;
    }
    return ids.reverse();
  }
  function pathTo(messageId: string, includeSelf: boolean): string[] {
    const key = `${includeSelf ? "+" : "-"}${messageId}`;
    let path = paths.get(key);
    if (!path) {
      path = walkTo(messageId, includeSelf);
      paths.set(key, path);
    }
    return path;
  }

  // One frozen turn per message, shared by every history that passes through it: a conversation's
  // items repeat the same turns (a branch of n rated answers gives ~n²/2 turns), and formats and the
  // serialiser memoise what they derive from a frozen turn (lib/export/lines/serialize.ts). Only a
  // turn that a line trains (`trainHere`, per line) is a fresh object.
  const systemTurn: ChatTurn | null = isBlank(snapshot.systemPrompt)
    ? null
    : Object.freeze({ role: "system", content: snapshot.systemPrompt });
  const turns = new Map<string, ChatTurn>();
  function turnOf(message: SnapshotMessage): ChatTurn {
    let turn = turns.get(message.id);
    if (!turn) {
      const fresh: ChatTurn = { role: message.role, content: message.text, messageId: message.id };
      if (message.role === "assistant" && ratings.get(message.id)?.rating === "up") fresh.ratedUp = true;
      turn = Object.freeze(fresh);
      turns.set(message.id, turn);
    }
    return turn;
  }

  const carried = new Map<string, Set<string>>();
  function history(path: string[], lineOf?: string): ChatTurn[] {
    const trains = lineOf === undefined ? undefined : carried.get(lineOf);
    const result: ChatTurn[] = systemTurn === null ? [] : [systemTurn];
    for (const id of path) {
      const turn = turnOf(messages.get(id)!);
      result.push(trains?.has(id) && turn.role === "assistant" ? { ...turn, trainHere: true } : turn);
    }
    return result;
  }
  function carry(carrier: string, earlier: string): void {
    const set = carried.get(carrier) ?? new Set<string>();
    set.add(earlier);
    carried.set(carrier, set);
  }

  return { pathTo, history, carry };
}
