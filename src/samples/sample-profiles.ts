// The profiles the sample generator can write beside EQ and GL: a constant module of its own, so
// `ltds samples --help` can list them without loading the generator.

/** The profiles the generator can add to EQ and GL. */
export type SampleProfile = 'SC' | 'SCR' | 'SSH' | 'TP' | 'SV' | 'DL' | 'SYSCAP';

/** Every profile the generator can add, in file order. */
export const SAMPLE_PROFILES: readonly SampleProfile[] = ['SC', 'SCR', 'SSH', 'TP', 'SV', 'DL', 'SYSCAP'];
