// The LTDS profiles as data: registry, RDFS and SHACL compilation, and the compiled-form cache.

export type { CompiledProfile, CompiledShapes, CompiledVocabulary, NodeShapeRule, PropertyConstraint, ShapePath, ShapeTerm, Severity, SkippedConstraint, ValueKind, VocabClass, VocabProperty } from './types.js';
export { loadRegistry, discoverProfiles, builtinProfilesDir, iriFamily, ProfileRegistry, type ProfileEntry } from './registry.js';
export { compiledProfile, compileProfileEntry, cacheDir } from './cache.js';
export { loadVocabulary, compileVocabulary, mergeVocabularies, readRdfXmlTriples, XSD } from './rdfs.js';
export { compileShapes, ShapeCompiler } from './shacl.js';
