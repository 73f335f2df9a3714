/// <reference lib="webworker" />
// The browser's drift worker: reference profiles and reports are computed here, never on the
// page's main thread.
import { createDriftHost } from './drift-host';
import type { DriftRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const handle = createDriftHost({
	post: (message, transfer) => self.postMessage(message, { transfer: transfer ?? [] })
});
self.addEventListener('message', (event: MessageEvent<DriftRequest>) => void handle(event.data));
