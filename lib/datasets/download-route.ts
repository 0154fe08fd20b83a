import "server-only";
import { requestActor } from "../auth/session-token";
import { errorResponse } from "../errors/http";
import { openDatasetDownload } from "./download";

/**
 * GET /api/admin/datasets/:id — `?file=<name>` for one of its files as saved, or the whole set as a
 * ZIP with a README (hashes and a TRL command line). Admins only: anyone else gets the same 404 as
 * for a dataset that does not exist.
 */
export async function datasetDownloadResponse(request: Request, datasetId: string): Promise<Response> {
  try {
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
