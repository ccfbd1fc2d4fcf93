// A dataset manifest (CGMES 3.0 and Network Code exchanges ship one as `manifest.xml`): an RDF/XML
// `dcat:Catalog` listing its `dcat:Dataset` entries, each with its identifier (the model id), the
// profiles it conforms to, keywords and the file it is distributed as. It is not a CIM model, so it
// is read here, for what it is, and never by the CIM reader.

import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SaxesParser as Saxes } from 'saxes';
import { LtdsError } from '../errors/index.js';
import { loadCimInputBytes, type CimInput } from './inputs.js';
import { DCAT_NS as DCAT, DCTERMS_NS as DCTERMS, RDF_NS as RDF } from './namespaces.js';


/** One dataset of a manifest. */
export interface ManifestDataset {
  /** The dataset's IRI (rdf:about), as written. */
  iri: string;
  /** dcterms:identifier (the model id), else the IRI without `urn:uuid:`. */
  id: string;
  profiles: string[];
  keywords: string[];
  /** The files named by dcat:downloadURL / dcat:accessURL, as written. */
  files: string[];
  line: number;
}

/** A manifest: the catalogue and its datasets. */
export interface Manifest {
  name: string;
  catalog?: string;
  title?: string;
  datasets: ManifestDataset[];
}

/** True when the start of a document is an RDF/XML dcat:Catalog (a manifest), not a CIM model. */
export function looksLikeManifest(head: string): boolean {
  const m = /<([A-Za-z_][\w.-]*):Catalog[\s/>]/.exec(head);
  if (!m) return /<Catalog\s[^>]*xmlns="http:\/\/www\.w3\.org\/ns\/dcat#"/.test(head);
  return head.includes(`xmlns:${m[1]}="${DCAT}"`);
}

/** Parses a manifest's text. Throws CIM_XML_MALFORMED (with the line) when it is not well-formed XML. */
export function parseManifest(text: string, name: string): Manifest {
  const out: Manifest = { name, datasets: [] };
  // saxes is loaded when a manifest is first parsed, not by every command that might meet one.
  const { SaxesParser } = createRequire(import.meta.url)('saxes') as { SaxesParser: typeof Saxes };
  const parser = new SaxesParser({ xmlns: true, position: true });
  let dataset: ManifestDataset | undefined;
  let inCatalog = false;
  let field: string | undefined;
  let textBuf = '';
  parser.on('opentag', (tag) => {
    const iri = tag.uri + tag.local;
    const about = tag.attributes['rdf:about'] ?? Object.values(tag.attributes).find((a) => typeof a === 'object' && a.uri === RDF && a.local === 'about');
    const aboutValue = typeof about === 'object' ? about.value : about;
    const resourceAttr = Object.values(tag.attributes).find((a) => typeof a === 'object' && a.uri === RDF && a.local === 'resource');
    const resource = typeof resourceAttr === 'object' ? resourceAttr.value : undefined;
    if (iri === DCAT + 'Catalog') {
      inCatalog = true;
      if (aboutValue !== undefined) out.catalog = aboutValue;
    } else if (iri === DCAT + 'Dataset') {
      const id = aboutValue ?? '';
      dataset = { iri: id, id: id.replace(/^urn:uuid:/, ''), profiles: [], keywords: [], files: [], line: parser.line };
    } else if (dataset) {
      if (iri === DCTERMS + 'conformsTo' && resource !== undefined) dataset.profiles.push(resource);
      else if ((iri === DCAT + 'downloadURL' || iri === DCAT + 'accessURL') && resource !== undefined) dataset.files.push(resource);
      else if (iri === DCTERMS + 'identifier' || iri === DCAT + 'keyword' || iri === DCAT + 'downloadURL' || iri === DCAT + 'accessURL' || iri === DCTERMS + 'conformsTo') field = iri;
    } else if (inCatalog && iri === DCTERMS + 'title') field = iri;
    textBuf = '';
  });
  parser.on('text', (t) => {
    if (field !== undefined) textBuf += t;
  });
  parser.on('closetag', (tag) => {
    const iri = tag.uri + tag.local;
    if (field !== undefined && iri === field) {
      const v = textBuf.trim();
      if (v !== '') {
        if (dataset) {
          if (iri === DCTERMS + 'identifier') dataset.id = v.replace(/^urn:uuid:/, '');
          else if (iri === DCAT + 'keyword') dataset.keywords.push(v);
          else if (iri === DCTERMS + 'conformsTo') dataset.profiles.push(v);
          else dataset.files.push(v);
        } else out.title = v;
      }
      field = undefined;
    }
    if (iri === DCAT + 'Dataset' && dataset) {
      out.datasets.push(dataset);
      dataset = undefined;
    } else if (iri === DCAT + 'Catalog') inCatalog = false;
  });
  try {
    parser.write(text).close();
  } catch (err) {
    throw new LtdsError('XML_SYNTAX', `${name} is not well-formed XML: ${(err as Error).message}`, { file: name }, { file: name, line: parser.line, column: parser.column }, err);
  }
  return out;
}

/** The first bytes of a file input as text (a manifest is recognised from its start). */
function headOfFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Manifests are small: larger zip entries are not opened to look. */
const MAX_MANIFEST_ENTRY = 4 * 1024 * 1024;

/** The manifest an input holds, or undefined when it is not one (unreadable inputs: undefined, left to the CIM reader). */
export async function readManifestInput(input: CimInput): Promise<Manifest | undefined> {
  try {
    if (input.entry === undefined) {
      if (!looksLikeManifest(headOfFile(input.path))) return undefined;
    } else if (input.bytes > MAX_MANIFEST_ENTRY) return undefined;
    const text = (await loadCimInputBytes(input)).toString('utf8');
    if (!looksLikeManifest(text.slice(0, 4096))) return undefined;
    return parseManifest(text, input.name);
  } catch (err) {
    if (err instanceof LtdsError && err.code === 'XML_SYNTAX') throw err;
    return undefined;
  }
}
