/**
 * The page's side of the service worker: registration and the "reload to update" prompt. A new
 * version installs in the background and waits; the open page keeps its own cached files until the
 * user chooses to reload, so a deployment never swaps code under a page that is running.
 */
class Updates {
	waiting = $state.raw<ServiceWorker | null>(null);
	error = $state<string | null>(null);

	/** Asks the waiting service worker to take over; the page reloads when it has. */
	apply(): void {
		this.waiting?.postMessage({ type: 'SKIP_WAITING' });
	}
}

export const updates = new Updates();

let registered = false;

/**
 * Registers /service-worker.js (built by SvelteKit from src/service-worker.ts) once per page.
 *
 * @example
 * $effect(() => void registerServiceWorker());
 */
export async function registerServiceWorker(): Promise<void> {
	if (registered || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
	registered = true;
	const container = navigator.serviceWorker;
	const hadController = container.controller !== null;
	let reloading = false;
	container.addEventListener('controllerchange', () => {
		// The first install claims the page silently; later ones were asked for by the user.
		if (!hadController || reloading) return;
		reloading = true;
		location.reload();
	});
	try {
		const registration = await container.register('/service-worker.js', {
			type: import.meta.env.DEV ? 'module' : 'classic'
		});
		const track = (worker: ServiceWorker | null) => {
			if (!worker) return;
			worker.addEventListener('statechange', () => {
				if (worker.state === 'installed' && container.controller) updates.waiting = worker;
			});
		};
		if (registration.waiting && container.controller) updates.waiting = registration.waiting;
		track(registration.installing);
		registration.addEventListener('updatefound', () => track(registration.installing));
	} catch (err) {
		updates.error = `Offline mode is unavailable: the service worker could not be registered (${err instanceof Error ? err.message : String(err)}).`;
	}
}
