// out/index.json, the publication catalog (docs/contracts.md §4): one entry per publication folder.
// The pipeline writes it (src/pipeline/catalog.ts), the serving host reads it.

import { z } from 'zod';
import { areaSchema, periodSchema, sha256Schema, stageSchema, versionSchema, yearSchema } from './identity.js';

/** out/index.json: the one definition of its shape. */
export const catalogSchema = z.object({
  publications: z.array(
    z.object({
      area: areaSchema,
      year: yearSchema,
      period: periodSchema,
      version: versionSchema,
      stage: stageSchema,
      /** Relative folder, `<area>/<year>-<period>/v<n>`. */
      path: z.string(),
      manifestSha256: sha256Schema,
      cases: z.array(z.string()),
    }),
  ),
});

/** out/index.json. */
export type Catalog = z.infer<typeof catalogSchema>;
/** One publication in the catalog. */
export type CatalogEntry = Catalog['publications'][number];
