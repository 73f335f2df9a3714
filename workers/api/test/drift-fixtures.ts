import type { Report } from '../../../src/lib/contracts/report';
import {
	buildProfile,
	buildReport,
	categoricalColumn,
	numericalColumn,
	serializeProfile
} from '../../../src/lib/drift';
import { ulid as newId } from 'ulid';

/** The reference digest the model fixtures' cards name (card.reference.sha256). */
export const REFERENCE_SHA256 = 'a'.repeat(64);

function referenceColumns() {
	const n = 400;
	return [
		numericalColumn(
			'temperature',
			Array.from({ length: n }, (_, i) => 295 + ((i * 37) % 100) / 10)
		),
		numericalColumn(
			'ph',
			Array.from({ length: n }, (_, i) => 6 + ((i * 13) % 10) / 10)
		),
		categoricalColumn(
			'phase',
			Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'batch' : 'fed'))
		),
		numericalColumn(
			'prediction',
			Array.from({ length: n }, (_, i) => 10 + ((i * 7) % 50) / 10)
		)
	];
}

/** A reference profile (binary VGPF) of temperature, ph, phase and prediction. */
export function referenceProfileBytes(
	sha256 = REFERENCE_SHA256,
	createdAt = '2026-11-01T00:00:00.000Z'
): Uint8Array {
	return serializeProfile(
		buildProfile(referenceColumns(), { name: 'fixture reference', sha256, createdAt })
	);
}

/** A real vigil.report/1 from the drift core, for `model`, with optional overrides. */
export function makeReport(model: string, overrides: Partial<Report> = {}): Report {
	const profile = buildProfile(referenceColumns(), {
		name: 'fixture reference',
		sha256: REFERENCE_SHA256
	});
	const current = [
		numericalColumn(
			'temperature',
			Array.from({ length: 200 }, (_, i) => 297 + ((i * 37) % 100) / 10)
		),
		numericalColumn(
			'ph',
			Array.from({ length: 200 }, (_, i) => 6 + ((i * 13) % 10) / 10)
		),
		categoricalColumn(
			'phase',
			Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 'batch' : 'fed'))
		)
	];
	const report = buildReport({
		reference: profile,
		current,
		currentName: 'fixture window',
		id: newId(),
		createdAt: '2026-11-22T10:00:00.000Z',
		model: { name: model, version: '1.0.0' }
	});
	return { ...report, ...overrides };
}
