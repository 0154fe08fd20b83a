import { describe, expect, it } from "vitest";
import type * as chat from "@/lib/chat/actions";
import type * as feedback from "@/lib/feedback/actions";
import type * as users from "@/lib/users/actions";

// Server actions take the input type of their zod schema, so a field renamed on one side of the
// browser->server seam fails `npm run typecheck`. Each @ts-expect-error below is such a mistake: if
// an action went back to `input: unknown`, the directive would be unused and the type check would fail.
declare const renameConversation: typeof chat.renameConversationAction;
declare const rateMessage: typeof feedback.rateMessageAction;
declare const changePassword: typeof users.changePasswordAction;

function misnamedCalls() {
  // @ts-expect-error `name` is not a field of renameConversationInput (it is `title`).
  void renameConversation({ conversationId: "c", name: "New title" });
  // @ts-expect-error rating is "up" | "down" | null, not a boolean.
  void rateMessage({ messageId: "m", rating: true });
  // @ts-expect-error `password` was never a field (it is `currentPassword`).
  void changePassword({ password: "a", newPassword: "b" });
}

describe("action inputs are typed", () => {
  it("is checked by the type checker, not at run time", () => {
    expect(typeof misnamedCalls).toBe("function");
  });
});
