// Splits ENTSO-E's CGMES 2.4.15 `EquipmentProfile.ttl` (one shape file for the Core, Operation and
// Short Circuit equipment profiles together) into one file per profile, so a file is checked against
// the shapes of exactly the profiles its header declares (issue 15 item 3: a bus-branch Core EQ file
// must not get the Operation profile's `Terminal.ConnectivityNode` 1..1).
//
// A property shape belongs to the smallest profile whose vocabulary (the 2.4.15 "Augmented" RDFS)
// defines the predicate of its path: Core, else Short Circuit, else Operation. A node shape is written
// into every profile file that holds one of its property shapes, with only those; its other
// statements (targets, sh:closed, severity, message) are repeated there. SHACL reads the shapes graph
// as the union of its files, so the three files together are the original shapes (the test
// oracle test, test/validation.oracle.test.ts, runs shacl-engine on them); alone, each is that profile's part. SPARQL
// constraints of a node shape go with the profile that defines its target class.
//
// Run from the repository root: node profiles/cgmes2415/tools/split-equipment-shapes.mjs

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, Store, Writer, DataFactory } from 'n3';

const DIR = 'profiles/cgmes2415';
const SOURCE = join(DIR, 'shacl', 'EquipmentProfile.ttl');
const PROFILES = [
  { name: 'Core', rdfs: 'EquipmentProfileCoreRDFSAugmented-v2_4_15-4Sep2020.rdf' },
  { name: 'ShortCircuit', rdfs: 'EquipmentProfileCoreShortCircuitRDFSAugmented-v2_4_15-4Sep2020.rdf' },
  { name: 'Operation', rdfs: 'EquipmentProfileCoreOperationRDFSAugmented-v2_4_15-4Sep2020.rdf' },
];
const SH = 'http://www.w3.org/ns/shacl#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** Local names (`Class` or `Class.property`) an RDFS file defines. */
function definedNames(file) {
  const text = readFileSync(join(DIR, 'rdfs', file), 'utf8');
  const out = new Set();
  for (const m of text.matchAll(/rdf:about="([^"]+)"/g)) out.add(m[1].slice(m[1].lastIndexOf('#') + 1));
  return out;
}
const defined = PROFILES.map((p) => definedNames(p.rdfs));
const localOf = (iri) => iri.slice(Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1);
/** Index of the smallest profile defining the name (Core is the fallback for names none defines). */
const ownerOf = (name) => {
  const i = defined.findIndex((d) => d.has(name));
  return i < 0 ? 0 : i;
};

const text = readFileSync(SOURCE, 'utf8');
const prefixes = {};
const quads = new Parser({ baseIRI: 'http://entsoe.eu/CIM/EquipmentCore/3/1/Constraints' }).parse(text, null, (prefix, iri) => {
  prefixes[prefix] = iri;
});
const store = new Store(quads);
const one = (s, p) => store.getObjects(s, p, null)[0];

/** The predicate a property shape's path is about (simple, inverse, or the first step of a sequence). */
function pathPredicate(shape) {
  let path = one(shape, SH + 'path');
  if (!path) return undefined;
  if (path.termType === 'NamedNode') return path.value;
  const inv = one(path, SH + 'inversePath');
  if (inv?.termType === 'NamedNode') return inv.value;
  const first = one(path, RDF + 'first');
  if (first?.termType === 'NamedNode') return first.value;
  return undefined;
}

/** Every statement of a subject and, recursively, of the blank nodes it reaches. */
function closure(subject, out) {
  for (const q of store.getQuads(subject, null, null, null)) {
    out.push(q);
    if (q.object.termType === 'BlankNode') closure(q.object, out);
  }
  return out;
}

const files = PROFILES.map(() => []);
const placed = new Set();
const nodeShapes = new Set(store.getSubjects(RDF + 'type', SH + 'NodeShape', null).map((t) => t.value));
for (const ns of store.getSubjects(RDF + 'type', SH + 'NodeShape', null)) {
  const byProfile = PROFILES.map(() => []);
  for (const ps of store.getObjects(ns, SH + 'property', null)) {
    const pred = pathPredicate(ps);
    const owner = pred === undefined ? 0 : ownerOf(localOf(pred));
    byProfile[owner].push(ps);
  }
  const targets = store.getObjects(ns, SH + 'targetClass', null).map((t) => t.value);
  const classOwner = targets.length > 0 ? Math.min(...targets.map((t) => ownerOf(localOf(t)))) : 0;
  const sparql = store.getObjects(ns, SH + 'sparql', null);
  let first = true;
  byProfile.forEach((props, i) => {
    if (props.length === 0 && !(sparql.length > 0 && i === classOwner)) return;
    const out = files[i];
    for (const q of store.getQuads(ns, null, null, null)) {
      if (q.predicate.value === SH + 'property') continue;
      if (q.predicate.value === SH + 'sparql' && i !== classOwner) continue;
      // A list-valued statement (sh:ignoredProperties) once: in the union, two copies would be two
      // distinct lists, and a SHACL engine expects one.
      if (q.object.termType === 'BlankNode' && q.predicate.value !== SH + 'sparql' && !first) continue;
      out.push(q);
      if (q.object.termType === 'BlankNode') closure(q.object, out);
    }
    first = false;
    for (const ps of props) {
      out.push(DataFactory.quad(ns, DataFactory.namedNode(SH + 'property'), ps));
      if (ps.termType === 'BlankNode') closure(ps, out);
      else if (!placed.has(ps.value)) {
        placed.add(ps.value);
        closure(ps, out);
      }
    }
  });
}
// Property shapes no node shape uses, groups and other top-level statements go with the Core file.
for (const s of store.getSubjects(null, null, null)) {
  if (s.termType !== 'NamedNode' || nodeShapes.has(s.value) || placed.has(s.value)) continue;
  const pred = pathPredicate(s);
  closure(s, files[pred === undefined ? 0 : ownerOf(localOf(pred))]);
  placed.add(s.value);
}

PROFILES.forEach((p, i) => {
  const writer = new Writer({ prefixes });
  writer.addQuads(files[i]);
  writer.end((err, result) => {
    if (err) throw err;
    const head = `# CGMES 2.4.15 Equipment shapes, ${p.name} profile part: generated from ENTSO-E's shacl/EquipmentProfile.ttl\n# (same licence and origin) by tools/split-equipment-shapes.mjs; do not edit by hand.\n`;
    writeFileSync(join(DIR, 'shacl', `EquipmentProfile-${p.name}.ttl`), head + result);
    console.log(`EquipmentProfile-${p.name}.ttl: ${files[i].length} statements`);
  });
});
