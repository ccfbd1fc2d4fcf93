// Failures: the error class and the documented list of codes.

/** Failure code table and type. */
export { ERROR_CODES, type ErrorCode } from './codes.js';
/** The thrown error type and its type guard. */
export { LtdsError, isLtdsError, type ErrorPlace } from './ltds-error.js';
