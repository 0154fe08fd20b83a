import { describe, expect, it } from "vitest";
import {
  chatReducer,
  initialChatState,
  resumableAnswers,
  type ChatEvent,
  type ChatState,
  type LiveAnswer,
} from "@/components/chat/state/message-tree";
import { pathTo, buildTree } from "@/lib/chat/tree";
import type { ChatMessage, ConversationDetail, StreamMetadata } from "@/lib/chat/types";

const NOW = "2026-02-01T00:00:00.000Z";
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

function message(
  id: string,
  parentId: string | null,
  role: ChatMessage["role"],
  minute: number,
): ChatMessage {
  return {
    id,
    parentId,
    role,
    text: `text of ${id}`,
    createdAt: at(minute),
    status: "complete",
    error: null,
    modelId: role === "assistant" ? "demo" : null,
    inputTokens: null,
    cachedInputTokens: null,
    outputTokens: null,
    tokensEstimated: false,
    costUsd: null,
    timeToFirstTokenMs: null,
    durationMs: null,
  };
}

// q1 → a1 and a1b (regenerated); a1b → q2 → a2.
const saved: ConversationDetail = {
  id: "c1",
  title: "Saved chat",
  updatedAt: at(10),
  temporary: false,
  source: "chat",
  modelId: "demo",
  systemPrompt: "",
  currentLeafId: "a1",
  messages: [
    message("q1", null, "user", 0),
    message("a1", "q1", "assistant", 1),
    message("a1b", "q1", "assistant", 2),
    message("q2", "a1b", "user", 3),
    message("a2", "q2", "assistant", 4),
  ],
};

const run = (state: ChatState, ...events: ChatEvent[]) =>
  events.reduce((current, event) => chatReducer(current, event, NOW), state);
const shown = (state: ChatState) => pathTo(buildTree(state.messages), state.leafId).map((m) => m.id);
const live = (id: string, text: string, metadata: StreamMetadata): LiveAnswer => ({ id, text, metadata });
const started = (parentId: string, extra: StreamMetadata = {}): StreamMetadata => ({
  conversationId: "c1",
  parentId,
  userMessageId: null,
  modelId: "demo",
  createdAt: at(20),
  status: "streaming",
  ...extra,
});

describe("chat state: load and branches", () => {
  it("opens on the remembered leaf, or a new chat on nothing", () => {
    expect(shown(initialChatState(saved))).toEqual(["q1", "a1"]);
    expect(shown(initialChatState({ ...saved, currentLeafId: null }))).toEqual(["q1", "a1b", "q2", "a2"]);
    const fresh = initialChatState(null);
    expect(fresh).toMatchObject({ conversationId: null, title: "New chat", leafId: null, turn: null });
  });

  it("switching to a sibling shows the newest leaf under it", () => {
    const state = run(initialChatState(saved), { type: "select", messageId: "a1b" });
    expect(state.leafId).toBe("a2");
    expect(shown(run(state, { type: "select", messageId: "a1" }))).toEqual(["q1", "a1"]);
    // An unknown id changes nothing.
    expect(run(state, { type: "select", messageId: "gone" })).toBe(state);
  });
});

describe("chat state: a turn", () => {
  const base = initialChatState({ ...saved, currentLeafId: "a2" });
  const send: ChatEvent = { type: "send", id: "q3", text: "Next?", parentId: "a2", createdAt: at(19) };

  it("send adds the optimistic question and a pending answer", () => {
    const state = run(base, send);
    expect(shown(state)).toEqual(["q1", "a1b", "q2", "a2", "q3"]);
    expect(state.turn).toMatchObject({
      kind: "submit",
      questionId: "q3",
      answerId: null,
      previousLeafId: "a2",
    });
    expect(state.messages.find((m) => m.id === "q3")).toMatchObject({ role: "user", text: "Next?" });
  });

  it("stream progress puts the answer in the tree and shows it", () => {
    const state = run(base, send, {
      type: "progress",
      answer: live("a3", "Hel", started("q3", { userMessageId: "q3", contextTrimmed: 2 })),
    });
    expect(shown(state)).toEqual(["q1", "a1b", "q2", "a2", "q3", "a3"]);
    expect(state.turn?.answerId).toBe("a3");
    expect(state.contextTrimmed).toBe(2);
    const more = run(state, { type: "progress", answer: live("a3", "Hello", started("q3")) });
    expect(more.messages.filter((m) => m.id === "a3")).toEqual([
      expect.objectContaining({ text: "Hello", status: "streaming", parentId: "q3" }),
    ]);
  });

  it("reconciles the optimistic question with the one the server saved", () => {
    const state = run(base, send, {
      type: "progress",
      answer: live("a3", "Hi", started("server-q3", { userMessageId: "server-q3" })),
    });
    expect(state.messages.some((m) => m.id === "q3")).toBe(false);
    expect(state.messages.find((m) => m.id === "server-q3")).toMatchObject({ text: "Next?", parentId: "a2" });
    expect(shown(state)).toEqual(["q1", "a1b", "q2", "a2", "server-q3", "a3"]);
    expect(state.turn?.questionId).toBe("server-q3");
  });

  it("finish stores the final answer with its metadata and ends the turn", () => {
    const state = run(base, send, {
      type: "finish",
      answer: live("a3", "Done.", started("q3", { status: "complete", outputTokens: 7, title: "Renamed" })),
    });
    expect(state.turn).toBeNull();
    expect(state.title).toBe("Renamed");
    expect(state.leafId).toBe("a3");
    expect(state.messages.find((m) => m.id === "a3")).toMatchObject({ status: "complete", outputTokens: 7 });
  });

  it("a new chat learns its conversation id from the first chunk", () => {
    const state = run(
      initialChatState(null),
      { type: "send", id: "q1", text: "Hi", parentId: null, createdAt: at(0) },
      { type: "progress", answer: live("a1", "", { ...started("q1"), conversationId: "new" }) },
    );
    expect(state.conversationId).toBe("new");
  });

  it("stop marks an answer cut without a final status as stopped", () => {
    const state = run(
      base,
      send,
      { type: "progress", answer: live("a3", "Part", started("q3")) },
      { type: "stop" },
    );
    expect(state.turn?.stopRequested).toBe(true);
    const done = run(state, { type: "finish", answer: live("a3", "Partial", started("q3")) });
    expect(done.messages.find((m) => m.id === "a3")).toMatchObject({ status: "stopped", text: "Partial" });
  });

  it("a stream cut without Stop is an error the answer shows", () => {
    const state = run(base, send, { type: "finish", answer: live("a3", "Par", started("q3")) });
    expect(state.messages.find((m) => m.id === "a3")).toMatchObject({
      status: "error",
      error: "The connection was interrupted.",
    });
  });

  it("a provider error keeps the server's message", () => {
    const state = run(base, send, {
      type: "finish",
      answer: live("a3", "", started("q3", { status: "error", error: "The model provider had an error." })),
    });
    expect(state.messages.find((m) => m.id === "a3")).toMatchObject({
      status: "error",
      error: "The model provider had an error.",
    });
  });

  it("a refused request removes the optimistic question and returns to the previous leaf", () => {
    const state = run(base, send, { type: "refused", message: "Too long." });
    expect(state.messages.some((m) => m.id === "q3")).toBe(false);
    expect(state.leafId).toBe("a2");
    expect(state.turn).toBeNull();
    expect(state.requestError).toBe("Too long.");
    // The next turn clears it.
    expect(run(state, send).requestError).toBeNull();
  });

  it("a failure before any answer started ends the turn with its message, keeping the question", () => {
    const state = run(base, send, { type: "finish", answer: null, error: "Could not reach Flywheel." });
    expect(state.turn).toBeNull();
    expect(state.requestError).toBe("Could not reach Flywheel.");
    expect(state.messages.some((m) => m.id === "q3")).toBe(true);
  });

  it("an answer the server never started is not added", () => {
    const state = run(base, send, { type: "finish", answer: live("x", "", {}) });
    expect(state.messages.some((m) => m.id === "x")).toBe(false);
    expect(state.turn).toBeNull();
  });
});

describe("chat state: regenerate and edit", () => {
  const base = initialChatState({ ...saved, currentLeafId: "a2" });
  const a2 = saved.messages[4]!;

  it("regenerate adds a sibling answer and then asks to compare it with the replaced one", () => {
    const pending = run(base, { type: "regenerate", answer: a2, retry: false });
    expect(shown(pending)).toEqual(["q1", "a1b", "q2"]);
    expect(pending.turn).toMatchObject({ kind: "regenerate", questionId: "q2", replacing: "a2" });
    const done = run(pending, {
      type: "finish",
      answer: live("a2b", "Another", started("q2", { status: "complete" })),
    });
    expect(shown(done)).toEqual(["q1", "a1b", "q2", "a2b"]);
    expect(done.messages.filter((m) => m.parentId === "q2").map((m) => m.id)).toEqual(["a2", "a2b"]);
    expect(done.compare).toEqual({ answerId: "a2b", otherId: "a2" });
    expect(run(done, { type: "end-compare" }).compare).toBeNull();
  });

  it("retry (or a failed answer) replaces without asking to compare", () => {
    const retried = run(base, { type: "regenerate", answer: a2, retry: true });
    expect(retried.turn?.replacing).toBeNull();
    const failed = run(base, { type: "regenerate", answer: { ...a2, status: "error" }, retry: false });
    expect(failed.turn?.replacing).toBeNull();
    const done = run(failed, {
      type: "finish",
      answer: live("a2b", "x", started("q2", { status: "complete" })),
    });
    expect(done.compare).toBeNull();
  });

  it("a refused regenerate returns to the answer shown before", () => {
    const state = run(
      base,
      { type: "regenerate", answer: a2, retry: false },
      { type: "refused", message: "Slow down." },
    );
    expect(state.leafId).toBe("a2");
    expect(state.messages).toHaveLength(saved.messages.length);
  });

  it("edit adds a sibling question under the same parent", () => {
    const state = run(base, { type: "send", id: "q2e", text: "Edited", parentId: "a1b", createdAt: at(30) });
    const tree = buildTree(state.messages);
    expect(tree.children.get("a1b")?.map((m) => m.id)).toEqual(["q2", "q2e"]);
    expect(shown(state)).toEqual(["q1", "a1b", "q2e"]);
  });
});

describe("chat state: feedback", () => {
  it("sets and clears the viewer's rating", () => {
    const rated = run(initialChatState(saved), {
      type: "feedback",
      messageId: "a1",
      feedback: { rating: "up", reasons: [], comment: "" },
    });
    expect(rated.messages.find((m) => m.id === "a1")?.feedback?.rating).toBe("up");
    expect(
      run(rated, { type: "feedback", messageId: "a1", feedback: null }).messages.find((m) => m.id === "a1")
        ?.feedback,
    ).toBeNull();
  });
});

describe("a page opened while an answer is still generated", () => {
  const streaming = (m: ChatMessage): ChatMessage => ({ ...m, status: "streaming", text: "half" });
  const live = (text: string, meta: StreamMetadata): LiveAnswer => ({ id: "a2", text, metadata: meta });
  const opened: ConversationDetail = {
    ...saved,
    currentLeafId: "a2",
    messages: saved.messages.map((m) => (m.id === "a2" ? streaming(m) : m)),
  };

  it("follows the answer on the branch shown as its turn, with Stop, to its end", () => {
    const state = initialChatState(opened);
    const { main, others } = resumableAnswers(state);
    expect(main?.id).toBe("a2");
    expect(others).toEqual([]);

    const resumed = run(state, { type: "resume", answer: main! });
    expect(resumed.turn).toMatchObject({ kind: "resume", answerId: "a2", questionId: "q2" });
    const meta = { conversationId: "c1", parentId: "q2", status: "streaming" as const };
    const growing = run(resumed, { type: "progress", answer: live("half and more", meta) });
    expect(growing.messages.find((m) => m.id === "a2")?.text).toBe("half and more");
    expect(growing.leafId).toBe("a2");

    const done = run(growing, {
      type: "finish",
      answer: live("half and more, done", { ...meta, status: "complete", outputTokens: 9 }),
    });
    expect(done.turn).toBeNull();
    expect(done.compare).toBeNull();
    expect(done.messages.find((m) => m.id === "a2")).toMatchObject({
      text: "half and more, done",
      status: "complete",
      outputTokens: 9,
    });
  });

  it("ends as an interrupted connection when nothing more could be read", () => {
    const state = run(initialChatState(opened), {
      type: "resume",
      answer: resumableAnswers(initialChatState(opened)).main!,
    });
    const done = run(state, {
      type: "finish",
      answer: live("half", { conversationId: "c1", parentId: "q2", status: "streaming" }),
    });
    expect(done.messages.find((m) => m.id === "a2")).toMatchObject({
      status: "error",
      error: "The connection was interrupted.",
    });
  });

  it("takes the blind arena's sides as others, followed without a turn and without naming a model", () => {
    const arena: ConversationDetail = {
      ...saved,
      currentLeafId: "a2",
      messages: [...saved.messages, { ...streaming(message("b2", "q2", "assistant", 5)), modelId: null }].map(
        (m) => (m.id === "a2" ? { ...streaming(m), modelId: null } : m),
      ),
      arena: { promptId: "q2", answerAId: "a2", answerBId: "b2" },
    };
    const state = initialChatState(arena);
    const { main, others } = resumableAnswers(state);
    expect(main).toBeNull();
    expect(others.map((m) => m.id).sort()).toEqual(["a2", "b2"]);

    const next = run(state, {
      type: "resumed",
      final: false,
      answer: { id: "b2", text: "side b so far", metadata: { conversationId: "c1", status: "streaming" } },
    });
    expect(next.turn).toBeNull();
    expect(next.messages.find((m) => m.id === "b2")).toMatchObject({
      text: "side b so far",
      parentId: "q2",
      modelId: null,
    });
    const cut = run(next, {
      type: "resumed",
      final: true,
      answer: { id: "b2", text: "side b so far", metadata: { conversationId: "c1", status: "streaming" } },
    });
    expect(cut.messages.find((m) => m.id === "b2")).toMatchObject({
      status: "error",
      error: "The connection was interrupted.",
    });
  });

  it("has nothing to follow when every answer has ended", () => {
    expect(resumableAnswers(initialChatState(saved))).toEqual({ main: null, others: [] });
  });
});
