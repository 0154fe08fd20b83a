import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";

export type Loaded<T> = { data: T; error?: undefined } | { data?: undefined; error: string };

/**
 * Runs a list query for a page. Filters come from the URL, so a bad one (an impossible date, a
 * 10 kB search) is the visitor's input, not a server fault: it becomes a message on the page, never
 * an error page. Anyone but an admin gets the 404 the layout would have given.
 */
export async function loadList<T>(work: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { data: await work() };
  } catch (error) {
    if (error instanceof AppError && error.code === "VALIDATION") return { error: error.message };
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
