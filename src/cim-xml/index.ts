// Reading and writing CIM RDF/XML: the public surface of the capability.

/** Records: headers, objects, properties, positions. */
export type { CimModel, CimObject, ModelHeader, Property, Position, QName, Section, IdForm, HeaderStyle } from './model.js';
/** The byte scanner (XML layer) and its callbacks and limits. */
export { XmlScanner, type ScanHandler, type ScanLimits } from './scanner.js';
/** The push-based CIM reader and its callbacks, options and warnings. */
export { CimXmlReader, type CimHandler, type ReaderOptions, type ReadWarning, type ObjectSpan, type RootContext } from './reader.js';
/** Objects read in span mode, decoded from their bytes. */
export { decodeSpans, type SpanBytes } from './spans.js';
/** Reading from a Buffer, a stream or a file, streamed or collected into a model. */
export { readCimBuffer, readCimStream, readCimFile, parseCimXml, loadCimFile, loadCimStream, modelCollector, completeModel, type ReadStats, type SourceOptions } from './sources.js';
/** Command-line style inputs: files, folders, zips, `archive.zip:entry`. */
export { expandInputs, readCimInput, loadCimInput, loadCimInputBytes, feedCimInput, type CimInput } from './inputs.js';
/** Zip archives read in place, with entry safety checks. */
export { forEachZipEntry, listZipEntries, withZipEntry, checkEntryName, openZipIndex, type ZipEntryInfo, type ZipIndex, type ZipLimits } from './zip.js';
/** The streaming, deterministic writer. */
export { CimXmlWriter, writeCimModel, writeCimModelToString, namespacesOf, type WriterOptions, type WriteSink } from './writer.js';
/** Identity normalisation. */
export { normaliseId, normaliseMrid, isLocalReference } from './identity.js';
/** Header normalisation helpers. */
export { headerFromObject, headerFields, isHeaderClass, sectionOf } from './header.js';
/** IRI resolution against a base. */
export { resolveIri, iriOfId, stripFragment } from './iri.js';
/** RDF statements of a model and their N-Triples/N-Quads form. */
export { modelStatements, objectStatements, statementToNt, termToNt, sectionGraph, subjectOf, valueOf, type Statement, type Term } from './statements.js';
/** The JSON projection. */
export { modelToJson, objectToJson, prefixerFor, type JsonModel, type JsonObject } from './json.js';
/** `inspect` and `convert` as library calls. */
export { inspectCimInput, type InspectResult } from './inspect.js';
export { convertCimInput, defaultBase, type ConvertFormat, type ConvertOptions } from './convert.js';
/** Well-known namespaces. */
export * as namespaces from './namespaces.js';
