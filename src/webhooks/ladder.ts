// The retry ladder: after a failed attempt n (1-based) the next one waits RETRY_LADDER_MS[n-1];
// after the last step the delivery is undelivered.

/** 1 min, 5 min, 30 min, 2 h, 24 h. */
export const RETRY_LADDER_MS: readonly number[] = [60_000, 300_000, 1_800_000, 7_200_000, 86_400_000];

/** How long to wait after failed attempt `attempt` (1-based), or undefined when the ladder is done. */
export function retryDelay(attempt: number, ladder: readonly number[] = RETRY_LADDER_MS): number | undefined {
  return attempt >= 1 && attempt <= ladder.length ? ladder[attempt - 1] : undefined;
}
