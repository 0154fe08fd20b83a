// A calendar day as the URL filters write it (YYYY-MM-DD), shared by the admin lists and the export.
import { z } from "zod";

// Checked by round trip: Date.parse accepts 2026-02-31 (as 3 March) and year 0, PostgreSQL rejects both.
export const dayInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are written YYYY-MM-DD.")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return (
      !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.toISOString().startsWith(value)
    );
  }, "That date does not exist.");
