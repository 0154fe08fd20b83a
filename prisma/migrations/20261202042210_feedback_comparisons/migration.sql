-- CreateEnum
CREATE TYPE "ComparisonSource" AS ENUM ('explicit', 'ratings');

-- CreateTable
CREATE TABLE "Comparison" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "promptId" UUID NOT NULL,
    "answerAId" UUID NOT NULL,
    "answerBId" UUID NOT NULL,
    "preferredId" UUID,
    "source" "ComparisonSource" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Comparison_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Comparison_createdAt_id_idx" ON "Comparison"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Comparison_conversationId_idx" ON "Comparison"("conversationId");

-- CreateIndex
CREATE INDEX "Comparison_promptId_idx" ON "Comparison"("promptId");

-- CreateIndex
CREATE INDEX "Comparison_answerAId_idx" ON "Comparison"("answerAId");

-- CreateIndex
CREATE INDEX "Comparison_answerBId_idx" ON "Comparison"("answerBId");

-- CreateIndex
CREATE UNIQUE INDEX "Comparison_userId_answerAId_answerBId_key" ON "Comparison"("userId", "answerAId", "answerBId");

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_answerAId_fkey" FOREIGN KEY ("answerAId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comparison" ADD CONSTRAINT "Comparison_answerBId_fkey" FOREIGN KEY ("answerBId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
