-- CreateIndex
CREATE INDEX "Conversation_userId_source_deletedAt_updatedAt_idx" ON "Conversation"("userId", "source", "deletedAt", "updatedAt" DESC);
