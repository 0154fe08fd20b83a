import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";

/** A detail page's query: an unknown id, a malformed one, or a non-admin caller all get the 404 page. */
export async function loadOr404<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "VALIDATION")) notFound();
    throw error;
  }
}
