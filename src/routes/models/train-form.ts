// The challenger training form on the Models page, kept apart from the component so its checks
// can be tested without a browser.
import { gateConfigSchema, type GateConfig } from '$lib/contracts/evaluation';
import { DEFAULT_GATES } from '$lib/retrain/gates';
import { TRAIN_STAGES, type TrainProgress } from '$lib/retrain/train-challenger';

const DAY_MS = 86_400_000;

/** The form's fields as the inputs hold them (strings). */
export interface TrainForm {
	/** First day of labelled predictions to use (YYYY-MM-DD). */
	from: string;
	/** Last day, inclusive (YYYY-MM-DD). */
	to: string;
	/** Optional holdout start (a date or a date and time); empty = the latest 30% of rows. */
	holdoutFrom: string;
	version: string;
	/** Extra segment columns, comma-separated. */
	segments: string;
	gates: Record<keyof GateConfig, string>;
}

/** What the training run is given once the form is valid. */
export interface TrainSettings {
	from: string;
	to: string;
	holdoutFrom?: string;
	version: string;
	segments: string[];
	config: Partial<GateConfig>;
}

/**
 * A form filled with the defaults: the last 90 days up to today, the default gates.
 *
 * @example
 * defaultTrainForm('1.0.0-c20261122000000', new Date('2026-11-22T10:00:00Z')).from; // '2026-08-24'
 */
export function defaultTrainForm(version: string, now: Date): TrainForm {
	const day = (t: number) => new Date(t).toISOString().slice(0, 10);
	return {
		from: day(now.getTime() - 90 * DAY_MS),
		to: day(now.getTime()),
		holdoutFrom: '',
		version,
		segments: '',
		gates: Object.fromEntries(
			Object.entries(DEFAULT_GATES).map(([k, v]) => [k, String(v)])
		) as Record<keyof GateConfig, string>
	};
}

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/**
 * Checks the form and returns the run's settings, or the list of problems, each naming its field.
 *
 * @example
 * readTrainForm(form); // { ok: true, settings: { from: '2026-08-24T00:00:00.000Z', … } }
 */
export function readTrainForm(
	form: TrainForm,
	taken: readonly string[] = []
): { ok: true; settings: TrainSettings } | { ok: false; problems: string[] } {
	const problems: string[] = [];
	const day = (label: string, value: string, endOfDay: boolean): number => {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
			problems.push(`${label} must be a date (YYYY-MM-DD), got '${value}'.`);
			return NaN;
		}
		return Date.parse(`${value}T00:00:00Z`) + (endOfDay ? DAY_MS - 1 : 0);
	};
	const from = day('From', form.from, false);
	const to = day('To', form.to, true);
	if (from > to) problems.push(`From (${form.from}) is after To (${form.to}).`);
	let holdoutFrom: string | undefined;
	if (form.holdoutFrom.trim()) {
		const t = Date.parse(
			/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(form.holdoutFrom.trim())
				? `${form.holdoutFrom.trim()}${form.holdoutFrom.includes('T') ? '' : 'T00:00'}Z`
				: 'invalid'
		);
		if (Number.isNaN(t))
			problems.push(
				`Holdout start must be a date or a date and time (UTC), got '${form.holdoutFrom}'.`
			);
		else if (t <= from || t > to)
			problems.push('Holdout start must fall inside the range, after its first day.');
		else holdoutFrom = new Date(t).toISOString();
	}
	const version = form.version.trim();
	if (!VERSION.test(version))
		problems.push(
			`Version '${version}' must be 1–64 letters, digits, '.', '_', '+' or '-', starting with a letter or digit.`
		);
	else if (taken.includes(version))
		problems.push(`Version ${version} is already registered: choose another.`);
	const config: Record<string, number> = {};
	for (const [key, raw] of Object.entries(form.gates)) {
		const text = raw.trim();
		const value = Number(text);
		if (text === '' || !Number.isFinite(value)) {
			problems.push(`Gate ${key} must be a number, got '${raw}'.`);
			continue;
		}
		config[key] = value;
	}
	const parsed = gateConfigSchema.partial().safeParse(config);
	if (!parsed.success)
		for (const issue of parsed.error.issues)
			problems.push(`Gate ${issue.path.join('.')}: ${issue.message}.`);
	if (problems.length) return { ok: false, problems };
	return {
		ok: true,
		settings: {
			from: new Date(from).toISOString(),
			to: new Date(to).toISOString(),
			holdoutFrom,
			version,
			segments: form.segments
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean),
			config: parsed.success ? parsed.data : {}
		}
	};
}

/**
 * The progress bar's value in [0, 1] and its sentence.
 *
 * @example
 * trainProgress({ stage: 'training', step: 1, round: 50, maxRounds: 500 }); // { value: 0.22, text: 'Training: round 50 of at most 500' }
 */
export function trainProgress(p: TrainProgress): { value: number; text: string } {
	const within = p.round !== undefined && p.maxRounds ? Math.min(1, p.round / p.maxRounds) : 0;
	const value = (p.step + within) / TRAIN_STAGES.length;
	const text =
		p.stage === 'training' && p.round
			? `Training: round ${p.round} of at most ${p.maxRounds}`
			: `${p.stage[0].toUpperCase()}${p.stage.slice(1)}`;
	return { value: Math.round(value * 1000) / 1000, text };
}
