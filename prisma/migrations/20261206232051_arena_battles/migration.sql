-- CreateEnum
CREATE TYPE "ArenaOutcome" AS ENUM ('a', 'b', 'skip');

-- CreateTable
CREATE TABLE "ArenaBattle" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "conversationId" UUID NOT NULL,
    "promptId" UUID NOT NULL,
    "answerAId" UUID NOT NULL,
    "answerBId" UUID NOT NULL,
    "outcome" "ArenaOutcome",
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ArenaBattle_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ArenaBattle_promptId_key" ON "ArenaBattle"("promptId");

-- CreateIndex
CREATE INDEX "ArenaBattle_conversationId_idx" ON "ArenaBattle"("conversationId");

-- AddForeignKey
ALTER TABLE "ArenaBattle" ADD CONSTRAINT "ArenaBattle_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ArenaBattle" ADD CONSTRAINT "ArenaBattle_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
