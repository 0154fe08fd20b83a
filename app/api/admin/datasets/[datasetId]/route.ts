import { datasetDownloadResponse } from "@/lib/datasets/download-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A dataset's file, or the whole set as a ZIP (lib/datasets/download-route.ts). Admins only. */
export async function GET(request: Request, { params }: { params: Promise<{ datasetId: string }> }) {
  return datasetDownloadResponse(request, (await params).datasetId);
}
