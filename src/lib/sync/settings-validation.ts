/** An amber and a red limit for one metric; `higherIsWorse` says which side is bad. */
export interface Threshold {
	amber: number;
	red: number;
	higherIsWorse: boolean;
}

export interface Thresholds {
	driftShare: Threshold;
	rmse: Threshold;
	accuracy: Threshold;
}

export interface SettingsValue {
	/** Base URL of the Worker; '' means the page's own origin. */
	workerUrl: string;
	/** Bearer token: stored on this device only, never in the bundle or the repository. */
	token: string;
	deviceName: string;
	thresholds: Thresholds;
	/** A Grafana dashboard URL, linked (and embedded when `grafanaEmbed`). */
	grafanaUrl: string;
	grafanaEmbed: boolean;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
	driftShare: { amber: 0.2, red: 0.5, higherIsWorse: true },
	rmse: { amber: 1, red: 2, higherIsWorse: true },
	accuracy: { amber: 0.85, red: 0.7, higherIsWorse: false }
};

/**
 * A device name that is a valid label (letters, digits, '-') and recognisable in the fleet list.
 *
 * @example
 * generateDeviceName(); // 'device-k3x9q2'
 */
export function generateDeviceName(random: () => number = Math.random): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	let suffix = '';
	for (let i = 0; i < 6; i++) suffix += alphabet[Math.floor(random() * alphabet.length)];
	return `device-${suffix}`;
}

/**
 * Checks a Worker URL typed by the user: empty (same origin) or an absolute http(s) URL.
 *
 * @example
 * validateWorkerUrl('ftp://x'); // 'The Worker URL must start with http:// or https://'
 */
export function validateWorkerUrl(url: string): string | null {
	if (url.trim() === '') return null;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'The Worker URL is not a valid URL (example: https://vigil.example.workers.dev).';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		return 'The Worker URL must start with http:// or https://';
	}
	return null;
}

/**
 * Checks a threshold pair: finite numbers, and red beyond amber on the bad side.
 *
 * @example
 * validateThreshold({ amber: 0.5, red: 0.2, higherIsWorse: true }); // 'red must be ≥ amber'
 */
export function validateThreshold(t: Threshold): string | null {
	if (!Number.isFinite(t.amber) || !Number.isFinite(t.red)) return 'amber and red must be numbers';
	if (t.higherIsWorse && t.red < t.amber) return 'red must be ≥ amber';
	if (!t.higherIsWorse && t.red > t.amber) return 'red must be ≤ amber';
	return null;
}
