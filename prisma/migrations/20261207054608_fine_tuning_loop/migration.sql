-- CreateEnum
CREATE TYPE "FineTuneProviderKind" AS ENUM ('openai', 'openai-compatible', 'together', 'fireworks');

-- CreateEnum
CREATE TYPE "FineTuneStatus" AS ENUM ('uploading', 'validating', 'queued', 'running', 'succeeded', 'failed', 'cancelled');

-- AlterEnum
ALTER TYPE "ConversationSource" ADD VALUE 'evaluation';

-- AlterEnum
ALTER TYPE "ComparisonSource" ADD VALUE 'evaluation';

-- AlterTable
ALTER TABLE "ModelConfig" ADD COLUMN     "lineage" JSONB;

-- AlterTable
ALTER TABLE "AppSettings" ADD COLUMN     "trialBaselineModelId" TEXT,
ADD COLUMN     "trialCandidateModelId" TEXT,
ADD COLUMN     "trialSharePercent" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Dataset" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "files" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "trainRows" INTEGER NOT NULL,
    "validationRows" INTEGER NOT NULL,
    "drops" JSONB NOT NULL DEFAULT '{}',
    "flaggedAt" TIMESTAMP(3),
    "flagReason" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetConversation" (
    "datasetId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "split" TEXT NOT NULL,

    CONSTRAINT "DatasetConversation_pkey" PRIMARY KEY ("datasetId","conversationId")
);

-- CreateTable
CREATE TABLE "FineTuneAccount" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "kind" "FineTuneProviderKind" NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "apiKeySealed" TEXT,
    "apiKeyLast4" TEXT NOT NULL DEFAULT '',
    "accountId" TEXT,
    "servingProviderId" UUID,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FineTuneAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FineTuneJob" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "datasetId" UUID,
    "datasetSha256" TEXT NOT NULL,
    "accountId" UUID,
    "providerId" UUID,
    "kind" "FineTuneProviderKind" NOT NULL,
    "baseModel" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "hyperparameters" JSONB NOT NULL DEFAULT '{}',
    "suffix" TEXT,
    "seed" INTEGER,
    "status" "FineTuneStatus" NOT NULL DEFAULT 'uploading',
    "providerStatus" TEXT,
    "providerJobId" TEXT,
    "trainingFileId" TEXT,
    "validationFileId" TEXT,
    "fineTunedModel" TEXT,
    "registeredModelId" TEXT,
    "error" TEXT,
    "requestKey" TEXT NOT NULL,
    "nextPollAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pollFailures" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "FineTuneJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FineTuneEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "jobId" UUID NOT NULL,
    "providerEventId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "level" TEXT NOT NULL DEFAULT 'info',
    "message" TEXT NOT NULL DEFAULT '',
    "step" INTEGER,
    "trainLoss" DOUBLE PRECISION,
    "validLoss" DOUBLE PRECISION,

    CONSTRAINT "FineTuneEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "candidateModelId" TEXT NOT NULL,
    "baselineModelId" TEXT NOT NULL,
    "datasetId" UUID,
    "judge" TEXT NOT NULL,
    "judgeModelId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "concurrency" INTEGER NOT NULL DEFAULT 2,
    "costCapUsd" DOUBLE PRECISION,
    "estimatedCostUsd" DOUBLE PRECISION,
    "spentUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvaluationItem" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "evaluationId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "prompt" JSONB NOT NULL,
    "conversationId" UUID,
    "promptMessageId" UUID,
    "candidateAnswerId" UUID,
    "baselineAnswerId" UUID,
    "candidateFirst" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "verdict" TEXT,
    "judgeDetail" JSONB,
    "judgedById" UUID,
    "comparisonId" UUID,
    "error" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvaluationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Promotion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "modelId" TEXT NOT NULL,
    "previousDefaultId" TEXT,
    "promotedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),
    "undoneById" UUID,

    CONSTRAINT "Promotion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Dataset_createdAt_idx" ON "Dataset"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "DatasetConversation_conversationId_idx" ON "DatasetConversation"("conversationId");

-- CreateIndex
CREATE INDEX "DatasetConversation_userId_idx" ON "DatasetConversation"("userId");

-- CreateIndex
CREATE INDEX "FineTuneJob_status_nextPollAt_idx" ON "FineTuneJob"("status", "nextPollAt");

-- CreateIndex
CREATE INDEX "FineTuneJob_requestKey_idx" ON "FineTuneJob"("requestKey");

-- CreateIndex
CREATE INDEX "FineTuneJob_createdAt_idx" ON "FineTuneJob"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "FineTuneEvent_jobId_createdAt_idx" ON "FineTuneEvent"("jobId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FineTuneEvent_jobId_providerEventId_key" ON "FineTuneEvent"("jobId", "providerEventId");

-- CreateIndex
CREATE INDEX "Evaluation_createdAt_idx" ON "Evaluation"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "Evaluation_status_idx" ON "Evaluation"("status");

-- CreateIndex
CREATE INDEX "EvaluationItem_evaluationId_status_idx" ON "EvaluationItem"("evaluationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationItem_evaluationId_position_key" ON "EvaluationItem"("evaluationId", "position");

-- CreateIndex
CREATE INDEX "Promotion_createdAt_idx" ON "Promotion"("createdAt" DESC);

-- AddForeignKey
ALTER TABLE "DatasetConversation" ADD CONSTRAINT "DatasetConversation_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FineTuneJob" ADD CONSTRAINT "FineTuneJob_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FineTuneJob" ADD CONSTRAINT "FineTuneJob_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "FineTuneAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FineTuneEvent" ADD CONSTRAINT "FineTuneEvent_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "FineTuneJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvaluationItem" ADD CONSTRAINT "EvaluationItem_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "Evaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
