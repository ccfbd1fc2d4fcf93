// Which LTDS profile keyword a file declares, from the profile IRIs in its header (never from the
// file name), matched by IRI stem so any version of a profile counts; the IRIs themselves are read
// from profiles/registry.json (the provisional SCR/SYSCAP ones are those of docs/contracts.md §1).

import { builtinProfileIri } from '../profiles/builtin.js';

/** The profile keywords a case file can be. */
export const PROFILE_KEYWORDS = ['EQ', 'SC', 'SCR', 'SSH', 'TP', 'SV', 'GL', 'DL', 'SYSCAP'] as const;

/** One profile keyword. */
export type ProfileKeyword = (typeof PROFILE_KEYWORDS)[number];

/** Provisional SCR and SYSCAP profile IRIs (contracts.md §1). */
export { PROVISIONAL_PROFILES } from '../profiles/provisional.js';

/** The CGMES 3.0 profile IRIs the DEMO sample declares (contracts.md §2): the registry's `cgmes3-<keyword>` entries. */
export const CGMES3_PROFILES: Readonly<Record<'EQ' | 'SC' | 'SSH' | 'TP' | 'SV' | 'GL' | 'DL', string>> = {
  EQ: builtinProfileIri('cgmes3-EQ'),
  SC: builtinProfileIri('cgmes3-SC'),
  SSH: builtinProfileIri('cgmes3-SSH'),
  TP: builtinProfileIri('cgmes3-TP'),
  SV: builtinProfileIri('cgmes3-SV'),
  GL: builtinProfileIri('cgmes3-GL'),
  DL: builtinProfileIri('cgmes3-DL'),
};

// Matched on the IRI with its version suffix removed: CGMES 3.0 (`…/CoreEquipment-EU/3.0`),
// CGMES 2.4.15 (`http://entsoe.eu/CIM/EquipmentCore/3/1`), the provisional and Ofgem LTDS IRIs.
const STEMS: readonly (readonly [RegExp, ProfileKeyword | 'OTHER'])[] = [
  [/\/(CoreEquipment-EU|EquipmentCore|EquipmentBoundary|Equipment-EU)$/i, 'EQ'],
  [/\/(ShortCircuit-EU|EquipmentShortCircuit|ShortCircuit)$/i, 'SC'],
  [/\/ShortCircuitResults$/i, 'SCR'],
  [/\/SystemCapacity$/i, 'SYSCAP'],
  [/\/(SteadyStateHypothesis-EU|SteadyStateHypothesis)$/i, 'SSH'],
  [/\/(Topology-EU|Topology|TopologyBoundary)$/i, 'TP'],
  [/\/(StateVariables-EU|StateVariables)$/i, 'SV'],
  [/\/(GeographicalLocation-EU|GeographicalLocation)$/i, 'GL'],
  [/\/(DiagramLayout-EU|DiagramLayout)$/i, 'DL'],
  [/\/(Operation-EU|EquipmentOperation)$/i, 'OTHER'],
];

/** The keyword of one profile IRI, or undefined when it is not one the cases use. */
export function keywordOfIri(iri: string): ProfileKeyword | 'OTHER' | undefined {
  // Drop a trailing version: "/3.0", "/3/1", "/0.1", "/v2".
  const stem = iri.replace(/(\/v?\d+(\.\d+)*)+\/?$/i, '').replace(/\/$/, '');
  for (const [re, key] of STEMS) if (re.test(stem)) return key;
  return undefined;
}

/**
 * The main profile of a file from the IRIs it declares: an EQ file may also declare SC and Operation
 * (CGMES allows it), so EQ wins; otherwise the one case keyword declared. Undefined when none is or
 * when two unrelated ones are.
 */
export function mainProfile(iris: readonly string[]): ProfileKeyword | undefined {
  const keys = new Set<ProfileKeyword>();
  for (const iri of iris) {
    const k = keywordOfIri(iri);
    if (k !== undefined && k !== 'OTHER') keys.add(k);
  }
  if (keys.has('EQ')) return 'EQ';
  if (keys.size === 1) return [...keys][0];
  return undefined;
}

/** The profile keyword a file name claims (`EQ.xml`, `DEMO_EQ.xml`, `SYSCAP_Year1.xml`, `EQ_DIFF.xml`). */
export function profileOfName(fileName: string): ProfileKeyword | undefined {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.(xml|rdf)$/i, '');
  const tokens = base.split(/[^A-Za-z0-9]+/).map((t) => t.toUpperCase());
  const found = PROFILE_KEYWORDS.filter((k) => tokens.includes(k));
  return found.length === 1 ? found[0] : undefined;
}
