/**
 * A value kept in `localStorage` and exposed as reactive state, so a setting survives reloads and
 * every component reading it updates when it changes (also when another tab changes it).
 */
export class Persisted<T> {
	#key: string;
	#fallback: T;
	#value = $state.raw<T>() as T;
	/** The last write failure (a full storage quota, storage switched off), or null. */
	error = $state<string | null>(null);

	/**
	 * @example
	 * const theme = new Persisted('vigil.theme', 'light');
	 * theme.current = 'dark';
	 */
	constructor(key: string, fallback: T) {
		this.#key = key;
		this.#fallback = fallback;
		this.#value = this.#read();
		if (typeof window !== 'undefined') {
			window.addEventListener('storage', (event) => {
				if (event.key === this.#key) this.#value = this.#read();
			});
		}
	}

	get current(): T {
		return this.#value;
	}

	set current(value: T) {
		this.#value = value;
		try {
			if (typeof localStorage !== 'undefined') {
				localStorage.setItem(this.#key, JSON.stringify(value));
			}
			this.error = null;
		} catch (err) {
			// The value stays in memory for this page; the user is told it will not survive a reload.
			this.error = storageErrorMessage(err);
		}
	}

	#read(): T {
		try {
			const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(this.#key);
			if (raw === null) return this.#fallback;
			const parsed = JSON.parse(raw) as unknown;
			if (isPlainObject(this.#fallback) && isPlainObject(parsed)) {
				// New fields added in a later version get their defaults.
				return { ...this.#fallback, ...parsed } as T;
			}
			return typeof parsed === typeof this.#fallback ? (parsed as T) : this.#fallback;
		} catch {
			return this.#fallback;
		}
	}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A sentence for the user about a failed write to device storage.
 *
 * @example
 * storageErrorMessage(new DOMException('full', 'QuotaExceededError'));
 * // 'The device storage is full: …'
 */
export function storageErrorMessage(err: unknown): string {
	if (err instanceof DOMException && err.name === 'QuotaExceededError') {
		return 'The device storage is full: free space (Settings → Outbox, or the browser site data) and try again. Nothing was lost from this page.';
	}
	const detail = err instanceof Error ? err.message : String(err);
	return `This browser refused to store data on the device (${detail}); private browsing or blocked site data can cause this.`;
}
