import { DataClient } from '../../../src/lib/data/client';

// The benchmark page: the app's own DataClient and data worker, built by Vite like the app.
const client = new DataClient();
(window as unknown as { vigilData: DataClient }).vigilData = client;
const status = document.getElementById('status')!;
client.maxBytes().then(
	() => (status.textContent = 'ready'),
	(err: Error) => (status.textContent = `error: ${err.message}`)
);
