// Cases: the catalog, the zip naming convention, case checks, deterministic packaging, safe unpacking.

/** The case catalog (spec cases.md table) as data. */
export { CASE_CATALOG, RESERVED_TOKENS, caseDefinition, casesOfStage, entryNames, type CaseDefinition, type ModelKind, type Stage } from './catalog.js';
/** Naming convention: format and parse, with errors naming the bad part. */
export { formatCaseName, parseCaseName, resolveCaseToken, checkProjectId, caseDateTime, isCaseDateTime, type CaseName, type ResolvedCase } from './naming.js';
/** Profile keywords from header IRIs and from names. */
export { PROFILE_KEYWORDS, PROVISIONAL_PROFILES, CGMES3_PROFILES, keywordOfIri, mainProfile, profileOfName, type ProfileKeyword } from './profiles.js';
/** One file of a case, read once for header, profile, size and SHA-256. */
export { describeCaseFile, LTDSP_NS, type CaseFile } from './case-file.js';
/** The case checks and their findings. */
export { checkCase, authorityNamesArea, type CaseCheckOptions } from './checks.js';
export { countFindings, formatFindingsText, type CaseFinding } from './findings.js';
/** Deterministic zips and packaging. */
export { writeDeterministicZip, ZIP_EPOCH, type ZipEntrySource, type WrittenZip, type DeterministicZipOptions } from './zip-writer.js';
export { packageCase, checkCaseFiles, caseCheckError, defaultEntryName, type PackageOptions, type PackagedCase, type CaseInput } from './package.js';
/** Safe extraction and the case view of a zip. */
export { unpackZip, type UnpackOptions, type UnpackResult } from './unpack.js';
export { inspectCaseZip, isCaseZipName, type CaseZipInfo } from './inspect-case.js';
