// The one list of failure codes: every thrown LtdsError carries one of these.
// README's "Error codes" section lists the same codes; a test keeps the two in sync.

/** Failure code → one-line meaning. Exit status 2 for input that cannot be read, 1 otherwise. */
export const ERROR_CODES = {
  XML_SYNTAX: 'the input is not well-formed XML (the message says what was found and expected)',
  XML_TRUNCATED: 'the input ends inside a tag, a comment or an open element',
  XML_INVALID_UTF8: 'a byte sequence is not valid UTF-8 (the message gives the byte offset)',
  XML_ENCODING: 'the document declares or starts with an encoding other than UTF-8',
  XML_NO_ROOT: 'the document holds no element at all',
  XML_SECOND_ROOT: 'a second root element follows the first',
  XML_TEXT_OUTSIDE_ROOT: 'text appears before or after the root element',
  XML_MISMATCHED_TAG: 'a closing tag does not match the element it closes',
  XML_DOCTYPE_REFUSED: 'a DOCTYPE with an internal subset (entity declarations) was refused',
  XML_BAD_REFERENCE: 'an entity or character reference is unknown or malformed',
  XML_LIMIT: 'a configured limit (nesting depth, token size, object count) was exceeded',
  CIM_ROOT: 'the root element is not rdf:RDF',
  CIM_UNEXPECTED_TEXT: 'text appears where an object or a property was expected',
  CIM_UNSUPPORTED: 'an RDF/XML construct that CIM XML does not use (nested objects, parseType Literal/Resource/Collection, reification)',
  CIM_DUPLICATE_HEADER: 'a file holds more than one model header',
  CIM_BAD_SECTION: 'a Difference Model section is misplaced or unknown',
  CIM_UNBOUND_PREFIX: 'an element or attribute uses a namespace prefix that is not declared',
  ZIP_READ: 'a zip archive could not be read (corrupt, encrypted or unsafe entry)',
  ZIP_ENTRY_NOT_FOUND: 'the requested entry is not in the zip archive',
  INPUT_NOT_FOUND: 'an input file or folder does not exist',
  INPUT_UNREADABLE: 'an input file could not be read',
  USAGE: 'a command was called with a bad option or argument',
  OUTPUT_WRITE: 'an output file could not be written',
  PROFILE_INVALID: 'a profile registry, vocabulary (RDFS) or shape (SHACL) file could not be read or is malformed',
  CASE_NAME: 'a case zip name does not follow LTDS_<area>_<year>-<period>_<case>_v<version>.zip (the message names the bad part)',
  CASE_CHECK: 'a case failed its checks (file set, profile and name, header consistency, DependentOn, Difference Models against their base)',
  UNPACK_TARGET: 'the folder to unpack into is not new or empty',
  PIPELINE_DEFINITION: 'a pipeline definition is not valid (the message gives the path of the bad field and what is allowed)',
  PIPELINE_FAILED: "a licence area's publication was stopped by errors in its inputs (the message gives the report path)",
  PUBLICATION_EXISTS: 'that area, year, period and version is already published with different content; corrections take the next version',
  PIPELINE_LOCKED: 'another pipeline run is publishing into the same output folder',
  HEATMAP_INPUT: 'a heatmap input (SCR, SYSCAP, GL) lacks a required property or has a value that is not what the vocabulary says',
  HEATMAP_REFERENCE: 'an SCR or SYSCAP record refers to a node, switch or substation that is not in the EQ',
  HEATMAP_DUPLICATE: 'two SYSCAP records give figures for the same substation and year',
  HEATMAP_CRS: 'a GL location uses a coordinate system the heatmap cannot convert, or a position outside it',
  HEATMAP_NO_DATA: 'the inputs hold no heatmap substations, no SYSCAP figures, or not the requested year',
  HEATMAP_THRESHOLDS: 'a thresholds file is not JSON or has an unknown key or a share outside 0..1',
} as const;

/** A stable failure code. */
export type ErrorCode = keyof typeof ERROR_CODES;
