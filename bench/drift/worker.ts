import { parentPort } from 'node:worker_threads';
import { buildReport, type BuildReportInput } from '../../src/lib/drift/index';

// One report job per message: a profile and current columns whose arrays live in
// SharedArrayBuffers, so nothing large is copied between threads.
parentPort!.on('message', (job: BuildReportInput) => {
	const t = performance.now();
	const report = buildReport(job);
	parentPort!.postMessage({ columns: report.columns, ms: performance.now() - t });
});
