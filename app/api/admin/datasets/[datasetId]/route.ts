import { requestActor } from "@/lib/auth/session-token";
import { openDatasetDownload } from "@/lib/datasets/download";
import { errorResponse } from "@/lib/errors/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A dataset's download: `?file=<name>` for one of its files as saved, or the whole set as a ZIP with a
 * README (hashes and a TRL command line). Admins only — anyone else gets the same 404 as for a
 * dataset that does not exist.
 */
export async function GET(request: Request, { params }: { params: Promise<{ datasetId: string }> }) {
  try {
    const { datasetId } = await params;
    const file = new URL(request.url).searchParams.get("file") ?? undefined;
    const download = await openDatasetDownload(await requestActor(request), { datasetId, file });
    const headers = new Headers({
      "Content-Type": download.contentType,
      "Content-Disposition": `attachment; filename="${download.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    if (download.bytes !== null) headers.set("Content-Length", String(download.bytes));
    return new Response(download.body, { headers });
  } catch (error) {
    return errorResponse(error);
  }
}
