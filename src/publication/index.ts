// The publication contract (docs/contracts.md §4): what names a publication, manifest.json and
// out/index.json. Written by the pipeline, read by the serving host, named by cases and the CLI.

export {
  PERIODS, STAGES, periodSchema, stageSchema, areaSchema, yearSchema, versionSchema, sha256Schema, isPeriod,
  cycleOf, publicationPath, publicationLabel, comparePublications, type Period, type Stage, type PublicationId,
} from './identity.js';
export { manifestSchema, manifestJson, manifestModelId, type Manifest, type ManifestCase, type ManifestCaseFile, type ManifestFile } from './manifest.js';
export { catalogSchema, type Catalog, type CatalogEntry } from './catalog.js';
