import { apiOptions } from "@/lib/api/api-route";
import { feedbackRoute } from "@/lib/api/feedback-routes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = feedbackRoute;
export const OPTIONS = apiOptions;
