// The period and stage of a publication as plain constants (no schema library), so the CLI's option
// parsers can check them without loading zod at start-up.

/** The publication cycle: `01` (May, Stage 2) or `02` (November, Stage 3 with the NETS cases). */
export const PERIODS = ['01', '02'] as const;
export type Period = (typeof PERIODS)[number];
/** Stage 2 (network, fault level, system capacity) or Stage 3 (adds NETS cases and Development Projects). */
export const STAGES = [2, 3] as const;
export type Stage = (typeof STAGES)[number];

/** Whether a string is a period (`01` or `02`). */
export function isPeriod(s: string): s is Period {
  return (PERIODS as readonly string[]).includes(s);
}
