// Sample networks: the deterministic generator of realistic GB distribution networks (EQ + GL).

/** Writes `<area>_EQ.xml` and `<area>_GL.xml` for a generated GSP → BSP → primary network. */
export { generateNetwork } from './generate.js';
/** Options, per-file result and overall result of {@link generateNetwork}. */
export type { GenerateOptions, GeneratedFile, GenerateResult } from './generate.js';
/** Profile IRIs the generated files declare in their headers. */
export { PROFILES as SAMPLE_PROFILES } from './generate.js';
/** The seeded PRNG (xoshiro128**) with UUID v4 output, for other deterministic fixtures. */
export { Prng } from './prng.js';
