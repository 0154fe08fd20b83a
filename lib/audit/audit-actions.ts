// Every action the audit log records: the type of an entry's action and the audit page's filter choices.
export const AUDIT_ACTIONS = [
  "feedback.review",
  "feedback.exclude",
  "feedback.reopen",
  "correction.save",
  "conversation.view",
  "user.role",
  "user.disable",
  "user.enable",
  "user.delete",
  "user.signin-alert",
  "export.download",
  // Admin → Models (lib/models/admin/): before and after values, secrets masked.
  "provider.create",
  "provider.update",
  "provider.enable",
  "provider.disable",
  "provider.delete",
  "provider.refresh",
  "model.create",
  "model.update",
  "model.delete",
  "model.default",
  "budget.set",
  "budget.remove",
  // API keys (lib/api-keys): created by their owner, revoked by the owner or an admin.
  "apiKey.create",
  "apiKey.revoke",
  // Instance settings (lib/settings): which roles may use the API, before and after.
  "settings.apiRoles",
  // The playground, arena and leaderboard switches: the changed ones, before and after.
  "settings.features",
  // Playground presets an admin shares with everyone (lib/playground/presets.ts): shared, taken back,
  // or deleted while shared. A user's own presets are theirs and not audited.
  "preset.share",
  "preset.unshare",
  "preset.delete",
  // The fine-tuning loop (docs/fine-tuning.md): datasets saved and deleted, fine-tuning accounts,
  // jobs started and cancelled, models registered by hand with their lineage, evaluations, the live
  // traffic trial, and promotions to default (and their undoing).
  "dataset.create",
  "dataset.delete",
  "finetuneAccount.create",
  "finetuneAccount.update",
  "finetuneAccount.delete",
  "finetuneJob.create",
  "finetuneJob.cancel",
  "finetuneJob.resume",
  "model.lineage",
  "evaluation.create",
  "evaluation.cancel",
  "settings.trial",
  "model.promote",
  "model.promote.undo",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
