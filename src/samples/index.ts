// Sample networks: the deterministic generator of realistic GB distribution networks (EQ + GL).

/** Writes `<area>_EQ.xml` and `<area>_GL.xml` for a generated GSP → BSP → primary network. */
export { generateNetwork } from './generate.js';
/** Options, per-file result and overall result of {@link generateNetwork}. */
export type { GenerateOptions, GeneratedFile, GenerateResult } from './generate.js';
/** Profile IRIs the generated files declare in their headers. */
export { PROFILES as SAMPLE_PROFILES } from './generate.js';
/** The seeded PRNG (xoshiro128**) with UUID v4 output, for other deterministic fixtures. */
export { Prng } from './prng.js';
/** The profiles the generator can add, and the demand scenarios of SSH/SV. */
export { SAMPLE_PROFILES as EXTRA_PROFILES, type SampleProfile, type DemandScenario } from './profile-writers.js';
/** The DEMO sample (every case's inputs) and its Development Projects. */
export { generateDemoSample, DEMO_PROJECTS, DEMO_TIMES, type DemoOptions } from './demo.js';
export { writeProjectTarget, type ProjectSpec, type ProjectKind, type ProjectResult } from './projects.js';
