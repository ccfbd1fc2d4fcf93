// The rule ids of validation, one line each. README's "Validation rules" table lists the same ids
// (a test keeps them in sync); SARIF output carries them as the tool's rules.

export const RULES = {
  'header-missing': 'the file has no model header (md:FullModel, dm:DifferenceModel or dcat:Dataset)',
  'header-field-missing': 'a required header field is missing (Model.created, Model.scenarioTime, Model.modelingAuthoritySet)',
  'header-created': 'Model.created is not an ISO-8601 UTC timestamp (error), or is a local time without Z (warning)',
  'header-scenario-time': 'Model.scenarioTime is not an xsd:dateTime',
  'header-no-profile': 'the header declares no profile IRI (Model.profile or dcterms:conformsTo)',
  'header-profile-unknown': 'a declared profile IRI is not in the profile registry',
  'header-dependency-missing': 'a Model.DependentOn model is not among the files given (references into it cannot be checked)',
  'reader-warning': 'the reader noted something suspicious (for example two profile IRIs run together)',
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
  'shacl-or': 'SHACL sh:or of the form ( [ sh:class C ] <property shape> ): the object is not a C and fails the property shape',
} as const;

export type RuleId = keyof typeof RULES;

/** SHACL constraint component → rule id. */
export const SHACL_RULE: Readonly<Record<string, RuleId>> = {
  'sh:MinCountConstraintComponent': 'shacl-min-count',
  'sh:MaxCountConstraintComponent': 'shacl-max-count',
  'sh:DatatypeConstraintComponent': 'shacl-datatype',
  'sh:NodeKindConstraintComponent': 'shacl-node-kind',
  'sh:ClassConstraintComponent': 'shacl-class',
  'sh:InConstraintComponent': 'shacl-in',
  'sh:PatternConstraintComponent': 'shacl-pattern',
  'sh:MinInclusiveConstraintComponent': 'shacl-range',
  'sh:MaxInclusiveConstraintComponent': 'shacl-range',
  'sh:MinExclusiveConstraintComponent': 'shacl-range',
  'sh:MaxExclusiveConstraintComponent': 'shacl-range',
  'sh:MinLengthConstraintComponent': 'shacl-length',
  'sh:MaxLengthConstraintComponent': 'shacl-length',
  'sh:ClosedConstraintComponent': 'shacl-closed',
};
