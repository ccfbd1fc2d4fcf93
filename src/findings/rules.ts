// Every rule id a finding can carry, one line each, grouped by who reports it: validation, the
// case checks of packaging and the pipeline, Difference Model application, and the CIM reader.
// README lists the same ids in its rule tables (test/findings.test.ts keeps them in sync).

/** Rules of `ltds validate` (README "Rule ids"); SARIF output carries them as the tool's rules. */
export const VALIDATION_RULES = {
  'header-missing': 'the file has no model header (md:FullModel, dm:DifferenceModel or dcat:Dataset)',
  'header-field-missing': 'a required header field is missing (Model.created, Model.scenarioTime, Model.modelingAuthoritySet)',
  'header-created': 'Model.created is not an ISO-8601 UTC timestamp (error), or is a local time without Z (warning)',
  'header-scenario-time': 'Model.scenarioTime is not an xsd:dateTime',
  'header-no-profile': 'the header declares no profile IRI (Model.profile or dcterms:conformsTo)',
  'header-profile-unknown': 'a declared profile IRI is not in the profile registry',
  'header-dependency-missing': 'a Model.DependentOn model is not among the files given (references into it cannot be checked)',
  'input-unreadable': 'an input could not be read (not well-formed, not CIM XML, missing): reported, and the other inputs are still checked (exit status 2)',
  'manifest-file-missing': 'a dataset of a manifest (dcat:Catalog) names a file that is not among the inputs',
  'manifest-id-mismatch': 'a file a manifest names declares another model id than the dataset\'s identifier',
  'reader-warning': 'the reader noted something suspicious (for example two profile IRIs run together)',
  'vocab-namespace': 'classes or properties in a namespace none of the declared profiles use (once per file and namespace, with the count)',
  'vocab-unknown-class': 'the class is not defined by any declared profile',
  'vocab-unknown-property': 'the property is not defined by any declared profile',
  'vocab-property-domain': 'the property is defined, but not for this class or its superclasses (warning: RDF allows it, the profile does not)',
  'vocab-value-kind': 'a literal where the vocabulary expects a reference (rdf:resource), or the reverse',
  'vocab-datatype': 'the literal does not parse as the property\'s datatype (float, integer, boolean, dateTime, ...)',
  'vocab-enum': 'the rdf:resource is not a member of the property\'s enumeration',
  'ref-unresolved': 'a reference points at no object of the file, of the other files given, or of its dependencies',
  'ref-class': 'a reference points at an object of the wrong class (not the range class or a subclass)',
  'desc-untyped': 'an rdf:Description (about) describes an object that no file given declares with a class',
  'desc-undeclared': 'a typed rdf:about description of an object that none of the models the file depends on declares (all of them given)',
  'dup-id': 'the same identity is declared twice (in one file, or in two files of the same profile)',
  'case-mas-mismatch': 'files of one case (zip) disagree on Model.modelingAuthoritySet',
  'case-scenario-mismatch': 'files of one case (zip) disagree on Model.scenarioTime',
  'diff-base-mismatch': 'a Difference Model does not fit the base it supersedes (given): a reverse statement is not in the base, or a forward statement is already there',
  'shacl-min-count': 'SHACL sh:minCount: too few values',
  'shacl-max-count': 'SHACL sh:maxCount: too many values',
  'shacl-datatype': 'SHACL sh:datatype: not a literal of the datatype, or ill-formed',
  'shacl-node-kind': 'SHACL sh:nodeKind: IRI where a literal is required, or the reverse',
  'shacl-class': 'SHACL sh:class: the value is not an instance of the class (or a subclass)',
  'shacl-in': 'SHACL sh:in: the value is not one of the allowed values',
  'shacl-pattern': 'SHACL sh:pattern: the value does not match the regular expression',
  'shacl-range': 'SHACL sh:minInclusive/maxInclusive/minExclusive/maxExclusive: the value is out of range',
  'shacl-length': 'SHACL sh:minLength/maxLength: the value is too short or too long',
  'shacl-closed': 'SHACL sh:closed: the property is not allowed by the shape',
  'shacl-or': 'SHACL sh:or: the object conforms to none of the alternatives (in profile shapes, the form ( [ sh:class C ] <property shape> ): not a C and fails the property shape)',
  'shacl-and': 'SHACL sh:and (set-scoped rule files): the object fails one of the shapes',
  'shacl-xone': 'SHACL sh:xone (set-scoped rule files): the object conforms to none, or to more than one, of the shapes',
  'shacl-not': 'SHACL sh:not (set-scoped rule files): the object conforms to a shape it must not',
  'shacl-node': 'SHACL sh:node (set-scoped rule files): the value fails the node shape',
  'shacl-has-value': 'SHACL sh:hasValue (set-scoped rule files): the required value is missing',
  'shacl-qualified': 'SHACL sh:qualifiedValueShape (set-scoped rule files): too few or too many values conform to the qualified shape',
} as const;

/** Rules of the case checks (`ltds package`, the pipeline's `cases` and `differences` steps, reports/cases.*). */
export const CASE_RULES = {
  'case-file-missing': 'a file the case holds is missing (from the case\'s file set, or the input path does not exist)',
  'case-file-extra': 'a file is not part of the case\'s file set',
  'case-file-duplicate': 'two files have the same name in the case',
  'case-header-missing': 'a file has no model header (md:FullModel or dm:DifferenceModel)',
  'case-profile-unknown': 'a file declares no profile the cases use',
  'case-profile-name': 'a file\'s name (`<PROFILE>.xml`) does not match the profile its header declares, or names none',
  'case-model-kind': 'a Full Model where the case holds Difference Models, or the reverse',
  'case-authority': 'the files disagree on Model.modelingAuthoritySet, or it is not the licence area\'s (or the configured authority)',
  'case-scenario-time': 'the files disagree on Model.scenarioTime',
  'case-date-time': 'a GBMaximum/GBMinimum case\'s date-time does not match its scenarioTime, or none of its files has one',
  'case-dependent-on': 'a Model.DependentOn link leaves the case (a warning for EQ, which may depend on a boundary set), or a file does not depend on the case\'s EQ',
  'case-year-offset': 'a SYSCAP file holds no SubstationCapacity records, or records of another year offset than the case\'s',
  'case-difference-apply': 'a Development Project\'s Difference Model does not apply cleanly to its base file',
} as const;

/** Mismatches of a Difference Model against its base (`ltds diff apply`, the pipeline's projects). */
export const DIFF_RULES = {
  'diff-reverse-not-in-base': 'a reverse-difference statement is not in the base model',
  'diff-forward-already-present': 'a forward-difference statement is already in the base model',
  'diff-wrong-base': 'the Difference Model supersedes another model than the base given',
} as const;

/** Non-fatal notes of the CIM reader (`ltds inspect`; `reader-warning` findings of validation). */
export const READER_RULES = {
  'reader-profile-joined': 'a profile IRI looks like two IRIs run together; it is kept as written (reader code CIM_PROFILE_JOINED)',
} as const;

/** Every rule id, with its meaning. */
export const RULES = { ...VALIDATION_RULES, ...CASE_RULES, ...DIFF_RULES, ...READER_RULES } as const;

export type ValidationRuleId = keyof typeof VALIDATION_RULES;
export type CaseRuleId = keyof typeof CASE_RULES;
export type DiffRuleId = keyof typeof DIFF_RULES;
export type ReaderRuleId = keyof typeof READER_RULES;
/** A stable rule id. */
export type RuleId = keyof typeof RULES;
