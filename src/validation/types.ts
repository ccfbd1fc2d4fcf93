// What validation reports (docs/contracts.md §3): findings, per-file summaries, counts, skipped constraints.

import type { Finding as BaseFinding, ValidationRuleId } from '../findings/index.js';
import type { Severity, SkippedConstraint } from '../profiles/types.js';

export type { Severity, SkippedConstraint };

/** One problem found by validation: the toolkit's finding (src/findings), always in a file. */
export interface Finding extends BaseFinding<ValidationRuleId> {
  /** Stable rule id (README "Rule ids"). */
  rule: ValidationRuleId;
  file: string;
  /** Class of the object, prefixed (`cim:ACLineSegment`). */
  className?: string;
  /** Property or SHACL path, prefixed (`cim:ACLineSegment.r`, `^cim:Terminal.ConductingEquipment`). */
  property?: string;
  /** For SHACL findings: the shape that produced it. */
  shape?: string;
  /** For SHACL findings: the constraint component (`sh:MinCountConstraintComponent`). */
  component?: string;
  /** The offending value, when there is one. */
  value?: string;
  /** For `input-unreadable`: the failure that stopped the read (its code and message without place). */
  cause?: { code: string; message: string };
}

/** What one input file was, and how it fared. */
export interface FileSummary {
  file: string;
  /** `Catalog` for a dataset manifest (dcat:Catalog), listed with its datasets. */
  kind?: 'FullModel' | 'DifferenceModel' | 'Catalog';
  modelId?: string;
  /** Profile IRIs as declared. */
  profiles: string[];
  /** Registry keywords of the recognised profiles. */
  keywords: string[];
  objects: number;
  bytes: number;
  ms: number;
  counts: { error: number; warning: number; info: number };
  /** Set when the file could not be read to its end (the reason); the other files were still checked. */
  readError?: string;
  /** For a manifest: its datasets (identifier, keywords, profiles, files). */
  datasets?: { id: string; keywords: string[]; profiles: string[]; files: string[] }[];
}

/** The result of a validation run. */
export interface ValidationReport {
  findings: Finding[];
  files: FileSummary[];
  counts: { error: number; warning: number; info: number };
  skipped: SkippedConstraint[];
  /** Set when --max-findings left findings out: how many there were. */
  truncated?: { total: number };
  /** How many inputs could not be read (the CLI exits 2 when there is one, after writing the whole report). */
  unreadable?: number;
}

/** Progress while validating. */
export interface Progress {
  file: string;
  fileIndex: number;
  files: number;
  bytes: number;
  totalBytes: number;
}

/** Options of {@link validateInputs}. */
export interface ValidateOptions {
  /** A folder of profile files (with a registry.json, or official RDFS/SHACL to discover). */
  profilesDir?: string;
  /** Lowest severity to report (default `info`: everything). */
  severity?: Severity;
  /** Report only these rule ids (`shacl-*` matches every id starting `shacl-`). */
  rules?: readonly string[];
  /** Leave out these rule ids (same patterns). */
  excludeRules?: readonly string[];
  /** Keep at most this many findings (in report order); counts still count them all. */
  maxFindings?: number;
  onProgress?: (p: Progress) => void;
}
