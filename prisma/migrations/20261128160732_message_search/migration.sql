-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "searchVector" tsvector;

-- CreateIndex
CREATE INDEX "Message_searchVector_idx" ON "Message" USING GIN ("searchVector");
