-- CreateIndex
CREATE INDEX "Message_streaming_idx" ON "Message"("id") WHERE (status = 'streaming');
