-- DropIndex
DROP INDEX "Feedback_modelId_createdAt_idx";

-- DropIndex
DROP INDEX "Feedback_reviewStatus_createdAt_idx";

-- DropIndex
DROP INDEX "Feedback_userId_createdAt_idx";

-- CreateTable
CREATE TABLE "Correction" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "messageId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "authorId" UUID,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Correction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "actorId" UUID,
    "actorEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Correction_messageId_createdAt_idx" ON "Correction"("messageId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Correction_conversationId_idx" ON "Correction"("conversationId");

-- CreateIndex
CREATE INDEX "Correction_authorId_idx" ON "Correction"("authorId");

-- CreateIndex
CREATE INDEX "AuditLog_createdAt_id_idx" ON "AuditLog"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_actorId_createdAt_idx" ON "AuditLog"("actorId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "AuditLog_action_createdAt_idx" ON "AuditLog"("action", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Feedback_modelId_createdAt_id_idx" ON "Feedback"("modelId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Feedback_reviewStatus_createdAt_id_idx" ON "Feedback"("reviewStatus", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Feedback_userId_createdAt_id_idx" ON "Feedback"("userId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Feedback_reasons_idx" ON "Feedback" USING GIN ("reasons");

-- AddForeignKey
ALTER TABLE "Correction" ADD CONSTRAINT "Correction_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Correction" ADD CONSTRAINT "Correction_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Correction" ADD CONSTRAINT "Correction_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
