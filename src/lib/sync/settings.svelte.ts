import { Persisted } from './persisted.svelte';
import { DEFAULT_THRESHOLDS, generateDeviceName, type SettingsValue } from './settings-validation';

export * from './settings-validation';

function defaults(): SettingsValue {
	return {
		workerUrl: '',
		token: '',
		deviceName: generateDeviceName(),
		thresholds: DEFAULT_THRESHOLDS,
		grafanaUrl: '',
		grafanaEmbed: false
	};
}

/**
 * The app's settings, persisted in this browser's localStorage under one key.
 *
 * @example
 * import { settings } from '$lib/sync/settings.svelte';
 * settings.update({ token: 'vigil_…' });
 */
class Settings {
	#store = new Persisted<SettingsValue>('vigil.settings', defaults());

	constructor() {
		// The generated device name is written once so it stays the same on every load.
		if (typeof localStorage !== 'undefined' && localStorage.getItem('vigil.settings') === null) {
			const generated = this.#store.current;
			this.#store.current = { ...generated };
		}
	}

	get value(): SettingsValue {
		return this.#store.current;
	}

	/** The last failure to store the settings on the device, or null. */
	get error(): string | null {
		return this.#store.error;
	}

	update(patch: Partial<SettingsValue>): void {
		this.#store.current = { ...this.#store.current, ...patch };
	}
}

export const settings = new Settings();
