// Checked by `npm run typecheck`, never run: server actions take the input type of their zod schema,
// so a field renamed on one side of the browser->server seam fails the type check. Each call below
// is such a mistake, marked as an expected error; if an action went back to `input: unknown`, the
// marker would be unused and the type check would fail.
import type * as chat from "@/lib/chat/actions";
import type * as feedback from "@/lib/feedback/actions";
import type * as users from "@/lib/users/actions";

declare const renameConversation: typeof chat.renameConversationAction;
declare const rateMessage: typeof feedback.rateMessageAction;
declare const changePassword: typeof users.changePasswordAction;

export function misnamedActionInputs() {
  // @ts-expect-error `name` is not a field of renameConversationInput (it is `title`).
  void renameConversation({ conversationId: "c", name: "New title" });
  // @ts-expect-error rating is "up" | "down" | null, not a boolean.
  void rateMessage({ messageId: "m", rating: true });
  // @ts-expect-error `password` was never a field (it is `currentPassword`).
  void changePassword({ password: "a", newPassword: "b" });
}

import type * as models from "@/lib/models/admin/actions";

declare const updateModel: typeof models.updateModelAction;

export function misnamedModelInputs() {
  // @ts-expect-error `id` is not a field of updateModelInput (it is `modelConfigId`).
  void updateModel({ id: "m", displayName: "x", contextWindow: 1, allowedRoles: ["USER"], enabled: true });
}
