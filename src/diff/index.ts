// Difference Models: computing, applying, inverting and summarising them.

/** The model index (objects by identity, statement keys). */
export { ModelIndex, entryKeys, propertyKey, classKey, literalKey, type IndexEntry, type Equality } from './model-index.js';
/** Computing a Difference Model, and its header. */
export { diffModels, differenceHeader, derivedUuid, type DiffOptions } from './compute.js';
/** Applying a Difference Model, with the mismatches found. */
export { applyDifference, type ApplyResult, type Mismatch } from './apply.js';
/** Inverting a Difference Model. */
export { invertDifference } from './invert.js';
/** Summaries for people and machines. */
export { summariseDifference, formatSummary, type DifferenceSummary, type PropertyChange } from './summary.js';
/** The streaming diff of two files (what `ltds diff` runs). */
export { diffCimInputs, type StreamDiffResult } from './stream-diff.js';
