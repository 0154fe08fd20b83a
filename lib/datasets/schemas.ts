// Inputs of Admin → Datasets, one zod schema per action, shared by the forms and the server.
import { z } from "zod";

/** Save as dataset: a name, and the canonical query string of the export the page previews. */
export const saveDatasetInput = z.object({
  name: z
    .string("Give the dataset a name.")
    .trim()
    .min(1, "Give the dataset a name.")
    .max(120, "The name is at most 120 characters.")
    // The name goes into file names, a README and the audit log: one line of printable text.
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "Use letters, digits and punctuation only."),
  query: z.string("The export to save is missing.").max(20_000, "The export request is too long."),
});

export const datasetIdInput = z.object({
  datasetId: z.uuid("Datasets are given by their id."),
});
