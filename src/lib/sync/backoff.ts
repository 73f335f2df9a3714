/**
 * Delay before retry number `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`, with
 * "full jitter" so a fleet coming back online does not retry in lockstep.
 *
 * @example
 * backoffDelay(0); // between 1000 and 2000 ms
 * backoffDelay(10, { random: () => 1 }); // 300000 (the cap)
 */
export function backoffDelay(
	attempt: number,
	{
		baseMs = 2_000,
		maxMs = 300_000,
		random = Math.random
	}: { baseMs?: number; maxMs?: number; random?: () => number } = {}
): number {
	const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
