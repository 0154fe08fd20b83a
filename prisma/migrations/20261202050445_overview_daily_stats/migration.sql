-- CreateTable
CREATE TABLE "DailyStats" (
    "day" DATE NOT NULL,
    "messages" INTEGER NOT NULL,
    "answers" INTEGER NOT NULL,
    "rated" INTEGER NOT NULL,
    "up" INTEGER NOT NULL,
    "down" INTEGER NOT NULL,
    "models" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailyStats_pkey" PRIMARY KEY ("day")
);

-- CreateIndex
CREATE INDEX "Message_createdAt_role_modelId_id_idx" ON "Message"("createdAt", "role", "modelId", "id");
