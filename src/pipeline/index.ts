// The publication pipeline: definitions, steps, atomic publishing, the catalog and index page.

export { definitionSchema, definitionJsonSchema, loadDefinition, parseDefinition, displayPath, type PipelineDefinition, type PublicationJob, type CaseJob, type ProjectJob, type DefinitionInput } from './definition.js';
export { defaultSteps, insertStep, casesStep, differencesStep, caseReportStep, packageStep, manifestStep, type PipelineStep, type StepContext, type StepProgress, type PreparedCase } from './steps.js';
export { runPipelines, runPublication, inputsOf, type PublicationResult, type PublicationStatus, type PipelineEvent, type RunOptions } from './run.js';
export { writeCatalog, scanPublications, indexHtml, type Catalog, type CatalogEntry, type SkippedPublication } from './catalog.js';
export { manifestJson, type Manifest, type ManifestCase, type ManifestCaseFile, type ManifestFile } from '../publication/index.js';
export { publicationSteps, validationStep, heatmapStep } from './publication-steps.js';
