-- CreateEnum
CREATE TYPE "ProviderType" AS ENUM ('openai', 'openai-compatible', 'anthropic');

-- CreateEnum
CREATE TYPE "BudgetUnit" AS ENUM ('usd', 'tokens');

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "cachedInputTokens" INTEGER,
ADD COLUMN     "costUsd" DOUBLE PRECISION,
ADD COLUMN     "tokensEstimated" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Provider" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "type" "ProviderType" NOT NULL,
    "name" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "apiKeySealed" TEXT,
    "apiKeyLast4" TEXT NOT NULL DEFAULT '',
    "headersSealed" TEXT,
    "headerNames" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelConfig" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "providerId" UUID NOT NULL,
    "modelId" TEXT NOT NULL,
    "upstreamId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "contextWindow" INTEGER NOT NULL,
    "maxOutputTokens" INTEGER,
    "inputPricePerMTok" DOUBLE PRECISION,
    "cachedInputPricePerMTok" DOUBLE PRECISION,
    "outputPricePerMTok" DOUBLE PRECISION,
    "allowedRoles" "Role"[] DEFAULT ARRAY['USER', 'ADMIN']::"Role"[],
    "defaultParams" JSONB NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistryState" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,
    "defaultModelId" TEXT,

    CONSTRAINT "RegistryState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Budget" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "role" "Role",
    "userId" UUID,
    "unit" "BudgetUnit" NOT NULL,
    "monthlyLimit" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageDaily" (
    "day" DATE NOT NULL,
    "userId" UUID NOT NULL,
    "modelId" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'chat',
    "answers" INTEGER NOT NULL DEFAULT 0,
    "estimatedAnswers" INTEGER NOT NULL DEFAULT 0,
    "inputTokens" BIGINT NOT NULL DEFAULT 0,
    "cachedInputTokens" BIGINT NOT NULL DEFAULT 0,
    "outputTokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("day","userId","modelId","source")
);

-- CreateIndex
CREATE INDEX "Provider_createdAt_idx" ON "Provider"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ModelConfig_modelId_key" ON "ModelConfig"("modelId");

-- CreateIndex
CREATE UNIQUE INDEX "ModelConfig_providerId_upstreamId_key" ON "ModelConfig"("providerId", "upstreamId");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_role_key" ON "Budget"("role");

-- CreateIndex
CREATE UNIQUE INDEX "Budget_userId_key" ON "Budget"("userId");

-- CreateIndex
CREATE INDEX "UsageDaily_userId_day_idx" ON "UsageDaily"("userId", "day");

-- AddForeignKey
ALTER TABLE "ModelConfig" ADD CONSTRAINT "ModelConfig_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the registry's single row, so that every change can bump its version with an UPDATE.
INSERT INTO "RegistryState" ("id", "version") VALUES (1, 0);

-- Hand-written: a budget belongs to a role or to one user, never both or neither, and is not negative.
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_one_scope" CHECK (("role" IS NULL) <> ("userId" IS NULL));
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_limit_not_negative" CHECK ("monthlyLimit" >= 0);
