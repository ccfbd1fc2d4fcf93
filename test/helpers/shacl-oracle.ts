// The SHACL oracle lives with the benchmark (which times it); the tests use the same code.
export { oracleKeys, ourKeys } from '../../bench/shacl-oracle.js';
