import { describe, expect, it } from "vitest";
import type { UIMessage } from "ai";
import { arenaFires, drawArenaModels } from "@/lib/chat/arena/arena-draw";
import { chatReducer, initialChatState, type LiveAnswer } from "@/components/chat/state/message-tree";
import { arenaPending, arenaStreamingIds, liveArena } from "@/components/chat/arena/arena-state";
import { buildTree, pathTo } from "@/lib/chat/tree";
import type { ArenaAnswerState } from "@/lib/chat/arena/arena-types";
import type { StreamMetadata } from "@/lib/chat/types";

/** A fixed sequence of "random" numbers. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

const models = (...ids: string[]) =>
  ids.map((id) => ({ id, provider: id === "offline-demo" ? "offline" : "openai" }));

describe("arena draw", () => {
  it("never fires at 0 %, always at 100 %, and for the share of draws in between", () => {
    expect(arenaFires(0, () => 0)).toBe(false);
    expect(arenaFires(100, () => 0.999)).toBe(true);
    expect(arenaFires(5, () => 0.049)).toBe(true);
    expect(arenaFires(5, () => 0.05)).toBe(false);
  });

  it("draws two distinct eligible models, never the offline one, and none from fewer than two", () => {
    expect(drawArenaModels(models("m1", "offline-demo"), () => 0)).toBeNull();
    expect(drawArenaModels(models("m1"), () => 0)).toBeNull();
    const seen = new Set<string>();
    for (const [x, y] of [
      [0, 0],
      [0.99, 0.99],
      [0.5, 0.1],
      [0.1, 0.9],
    ]) {
      const pair = drawArenaModels(models("m1", "m2", "m3", "offline-demo"), sequence(x!, y!))!;
      expect(pair[0].id).not.toBe(pair[1].id);
      for (const model of pair) {
        expect(model.provider).not.toBe("offline");
        seen.add(model.id);
      }
    }
    expect([...seen].sort()).toEqual(["m1", "m2", "m3"]);
  });
});

const state = (id: string, status: ArenaAnswerState["status"]): ArenaAnswerState => ({
  id,
  createdAt: "2026-01-01T00:00:01.000Z",
  status,
  error: null,
  inputTokens: null,
  outputTokens: null,
  tokensEstimated: false,
  timeToFirstTokenMs: null,
  durationMs: null,
});

function streamed(status: ArenaAnswerState["status"]): LiveAnswer {
  const message: UIMessage<StreamMetadata> = {
    id: "ans-a",
    role: "assistant",
    metadata: { conversationId: "c1", parentId: "q1", userMessageId: "q1", title: "T" },
    parts: [
      { type: "data-arena", id: "a", data: state("ans-a", status) },
      { type: "data-arena", id: "b", data: state("ans-b", status) },
      { type: "text", text: "left" },
      { type: "text", text: "right" },
    ],
  };
  return { id: message.id, text: "leftright", metadata: message.metadata, arena: liveArena(message)! };
}

describe("arena in the chat state", () => {
  it("shows both streamed answers, waits for the vote, and continues on the chosen one with models revealed", () => {
    let s = initialChatState(null);
    s = chatReducer(s, {
      type: "send",
      id: "q1",
      text: "Hi",
      parentId: null,
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    s = chatReducer(s, { type: "progress", answer: streamed("streaming") });
    expect(s.arena).toEqual({ promptId: "q1", answerAId: "ans-a", answerBId: "ans-b", decided: null });
    expect(s.messages.find((m) => m.id === "ans-b")).toMatchObject({ text: "right", modelId: null });
    expect(arenaStreamingIds(s)).toEqual(["ans-a", "ans-b"]);
    s = chatReducer(s, { type: "stop" });
    s = chatReducer(s, { type: "finish", answer: streamed("streaming") });
    expect(s.turn).toBeNull();
    expect(s.messages.filter((m) => m.role === "assistant").map((m) => m.status)).toEqual([
      "stopped",
      "stopped",
    ]);
    expect(arenaPending(s.arena)).toBe(true);

    s = chatReducer(s, {
      type: "arena-decided",
      result: { choice: "b", leafId: "ans-b", recorded: true, models: { a: "m1", b: "m2" } },
    });
    expect(arenaPending(s.arena)).toBe(false);
    expect(pathTo(buildTree(s.messages), s.leafId).map((m) => m.id)).toEqual(["q1", "ans-b"]);
    expect(s.messages.filter((m) => m.role === "assistant").map((m) => m.modelId)).toEqual(["m1", "m2"]);
  });
});
