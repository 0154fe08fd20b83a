-- AlterEnum
ALTER TYPE "ComparisonSource" ADD VALUE 'arena';

-- AlterTable
ALTER TABLE "Comparison" ADD COLUMN     "bothBad" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "modelA" TEXT,
ADD COLUMN     "modelB" TEXT;

-- AlterTable
ALTER TABLE "AppSettings" ADD COLUMN     "arenaSharePercent" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "leaderboardPublic" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "playgroundAdminsOnly" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "PlaygroundPreset" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "settings" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlaygroundPreset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlaygroundPreset_shared_idx" ON "PlaygroundPreset"("shared");

-- CreateIndex
CREATE UNIQUE INDEX "PlaygroundPreset_userId_name_key" ON "PlaygroundPreset"("userId", "name");

-- AddForeignKey
ALTER TABLE "PlaygroundPreset" ADD CONSTRAINT "PlaygroundPreset_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the models of the pairs stored before the columns existed.
UPDATE "Comparison" c
SET "modelA" = a."modelId", "modelB" = b."modelId"
FROM "Message" a, "Message" b
WHERE a."id" = c."answerAId" AND b."id" = c."answerBId";
