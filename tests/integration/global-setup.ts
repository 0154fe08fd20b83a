import type { TestProject } from "vitest/node";
import { createTestDatabase } from "../helpers/database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    embedded: boolean;
  }
}

// One fresh, migrated database for the whole integration run: TEST_DATABASE_URL's server when set
// (CI points it at the local PostgreSQL), an in-memory PGlite otherwise.
export default async function setup(project: TestProject) {
  const database = await createTestDatabase();
  project.provide("databaseUrl", database.url);
  project.provide("embedded", !process.env.TEST_DATABASE_URL);
  return async () => {
    await database.drop();
  };
}
