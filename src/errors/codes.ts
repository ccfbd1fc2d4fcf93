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
  CATALOG_READ: 'the publication catalog (out/index.json) or a manifest is missing, unreadable or not in the documented shape',
  CATALOG_INTEGRITY: 'a published file does not match the size or SHA-256 its manifest records',
  STORE_OPEN: 'the SQLite store could not be opened or its migrations could not run',
  STORE_VERSION: 'the SQLite store was written by a newer version of the toolkit (schema version ahead of this build)',
  ACCOUNT_NOT_FOUND: 'no account has the given id',
  SERVE_LISTEN: 'the server could not listen on the given host and port',
  HTTP_BAD_REQUEST: 'a request parameter, header or body is malformed or unknown (the message names it)',
  HTTP_UNAUTHORIZED: 'credentials or bearer token missing, wrong, expired, tampered with, or the account is suspended',
  HTTP_FORBIDDEN: 'the account is authenticated but its role may not use this operation',
  HTTP_NOT_FOUND: 'the route, licence area, publication, case or file does not exist (the message names which)',
  HTTP_METHOD_NOT_ALLOWED: 'the path exists but not for this HTTP method',
  HTTP_NOT_ACCEPTABLE: 'no representation matches the Accept header',
  HTTP_RANGE_NOT_SATISFIABLE: 'the Range header asks for bytes outside the file',
  HTTP_PAYLOAD_TOO_LARGE: 'the request body is over the size limit',
  HTTP_RATE_LIMITED: 'too many requests from this client; retry after the time given',
  HTTP_UNAVAILABLE: 'the server is not ready (store or publication folder unreachable)',
  HTTP_INTERNAL: 'an unexpected server failure (logged with the request id)',
} as const;

/** A stable failure code. */
export type ErrorCode = keyof typeof ERROR_CODES;
