/** The app's IndexedDB database on this device: the outbox, local results and local models. */
export const DB_NAME = 'vigil-device';
const DB_VERSION = 1;

export type StoreName = 'outbox' | 'results' | 'models';

let opening: Promise<IDBDatabase> | null = null;

/**
 * Opens (once per page) the device database, creating its stores on first use.
 *
 * @example
 * const db = await openDeviceDb();
 */
export function openDeviceDb(factory: IDBFactory = globalThis.indexedDB): Promise<IDBDatabase> {
	if (opening) return opening;
	if (!factory) {
		return Promise.reject(
			new Error('This browser has no IndexedDB: queued uploads and local results cannot be kept.')
		);
	}
	opening = new Promise<IDBDatabase>((resolve, reject) => {
		const request = factory.open(DB_NAME, DB_VERSION);
		request.onupgradeneeded = () => {
			const db = request.result;
			if (!db.objectStoreNames.contains('outbox'))
				db.createObjectStore('outbox', { keyPath: 'id' });
			if (!db.objectStoreNames.contains('results')) {
				db.createObjectStore('results', { keyPath: 'id' }).createIndex('model', 'model');
			}
			if (!db.objectStoreNames.contains('models'))
				db.createObjectStore('models', { keyPath: 'key' });
		};
		request.onsuccess = () => {
			const db = request.result;
			// Another tab upgrading the schema closes this connection; the next call reopens it.
			db.onversionchange = () => {
				db.close();
				opening = null;
			};
			resolve(db);
		};
		request.onerror = () => {
			opening = null;
			reject(request.error ?? new Error('IndexedDB could not be opened'));
		};
		request.onblocked = () => {
			opening = null;
			reject(new Error('IndexedDB is blocked by another tab of Vigil: close it and reload.'));
		};
	});
	return opening;
}

/**
 * Runs one transaction and resolves with `run`'s result once it has committed (not merely queued),
 * so a caller that was told "stored" can rely on it surviving a reload.
 *
 * @example
 * await transact('outbox', 'readwrite', (store) => store.put(entry));
 */
export async function transact<T>(
	storeName: StoreName,
	mode: IDBTransactionMode,
	run: (store: IDBObjectStore) => IDBRequest<T> | void
): Promise<T> {
	const db = await openDeviceDb();
	return new Promise<T>((resolve, reject) => {
		const tx = db.transaction(storeName, mode);
		let result: T;
		const request = run(tx.objectStore(storeName));
		if (request) request.onsuccess = () => (result = request.result);
		tx.oncomplete = () => resolve(result);
		tx.onerror = () => reject(tx.error ?? request?.error ?? new Error('IndexedDB error'));
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
	});
}
