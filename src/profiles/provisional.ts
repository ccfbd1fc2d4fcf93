// The project's provisional SCR and SYSCAP terms (docs/contracts.md §1; the vocabularies and shapes
// are profiles/provisional/): their namespace, profile IRIs, and the figures a SYSCAP
// `SubstationCapacity` carries — written by the sample generator, read by the heatmap.

import { builtinProfileIri } from './builtin.js';

/** Namespace of the provisional classes and properties (prefix `ltdsp`). */
export const LTDSP_NS = 'http://ltds-toolkit.invalid/ns/CIM/provisional#';

/** Provisional SCR and SYSCAP profile IRIs: the registry's `ltds-SCR` and `ltds-SYSCAP` entries. */
export const PROVISIONAL_PROFILES: Readonly<Record<'SCR' | 'SYSCAP', string>> = {
  SCR: builtinProfileIri('ltds-SCR'),
  SYSCAP: builtinProfileIri('ltds-SYSCAP'),
};

/** The MW figures of one `SubstationCapacity` (one substation, one year), as `SubstationCapacity.<name>`. */
export const CAPACITY_FIGURES = [
  'firmCapacity',
  'maximumDemand',
  'minimumDemand',
  'connectedDemand',
  'contractedDemand',
  'connectedGeneration',
  'contractedGeneration',
  'generationFirmCapacity',
  'reversePowerCapability',
] as const;

/** The MW figures of one `SubstationCapacity`. */
export type CapacityFigures = Record<(typeof CAPACITY_FIGURES)[number], number>;

/** Members of `ltdsp:LimitingFactorKind`: what limits a substation's capacity. */
export const LIMITING_FACTORS = ['thermal', 'faultLevel', 'voltage', 'none'] as const;

/** A member of `ltdsp:LimitingFactorKind`. */
export type LimitingFactor = (typeof LIMITING_FACTORS)[number];
