// Registers the demo models (static/models) in the local Worker's registry with their frozen
// reference profiles and promotes each to production, so `npm start` opens on a working fleet:
// the Models page lists them, devices pull them, and the monitoring job has a reference to use.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/dev-server.js';

/**
 * @typedef {(command: string, args: string[], options: import('node:child_process').SpawnOptions) => Promise<void>} Runner
 */

/**
 * Runs a command to completion; rejects with its exit status.
 * @type {Runner}
 */
function runCommand(command, args, options) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, options);
		child.once('error', reject);
		child.once('exit', (code, signal) =>
			code === 0
				? resolve()
				: reject(new Error(`${args.slice(0, 3).join(' ')} ended with ${signal ?? code}`))
		);
	});
}

/**
 * @param {{ url: string, token: string, log?: (line: string) => void, run?: Runner, profiles?: string }} options
 *   `run` runs the profile builds (npm start passes one that stops them with everything else);
 *   `profiles` is where built profiles are kept between runs (they are rebuilt when the card's
 *   reference changes, since its SHA-256 is in the file name).
 * @example
 * await seedDemo({ url: server.url, token });
 */
export async function seedDemo({
	url,
	token,
	log = (line) => console.log(line),
	run = runCommand,
	profiles = join(ROOT, '.wrangler/demo-profiles')
}) {
	const manifest = JSON.parse(readFileSync(join(ROOT, 'static/models/manifest.json'), 'utf8'));
	mkdirSync(profiles, { recursive: true });
	const auth = { authorization: `Bearer ${token}` };
	for (const entry of manifest.models) {
		const cardPath = join(ROOT, 'static/models', entry.card);
		const card = JSON.parse(readFileSync(cardPath, 'utf8'));
		const onnx = readFileSync(join(ROOT, 'static/models', entry.onnx));
		const id = `${card.name}@${card.version}`;

		const profilePath = join(
			profiles,
			`${card.name}-${card.version}-${card.reference.sha256.slice(0, 12)}.vgpf`
		);
		if (!existsSync(profilePath)) {
			const data = join(ROOT, 'static', card.reference.location);
			log(`  building the reference profile of ${id} from ${card.reference.location}`);
			await run(
				process.execPath,
				[
					join(ROOT, 'cli/bin/vigil.js'),
					'profile',
					'build',
					'--reference',
					data,
					'--model',
					cardPath,
					// The features only: what prediction records carry, so what the job compares.
					'--columns',
					card.features.map((/** @type {{ name: string }} */ f) => f.name).join(','),
					'--out',
					profilePath
				],
				{ cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }
			);
		}
		// The advanced reference (PCA, and CBPE for binary classifiers) of the same rows. It is fitted
		// in a separate run with the target loaded, so the uploaded profile stays as it was.
		const advancedPath = profilePath.replace(/\.vgpf$/, '.advanced.json');
		if (!existsSync(advancedPath)) {
			const data = join(ROOT, 'static', card.reference.location);
			log(`  fitting the advanced reference of ${id}`);
			const scratch = `${advancedPath}.profile.vgpf`;
			await run(
				process.execPath,
				[
					join(ROOT, 'cli/bin/vigil.js'),
					'profile',
					'build',
					'--reference',
					data,
					'--model',
					cardPath,
					...(card.task === 'binary' ? ['--target', card.target.name] : []),
					'--out',
					scratch,
					'--advanced-out',
					advancedPath
				],
				{ cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }
			);
			rmSync(scratch, { force: true });
			rmSync(`${scratch}.sha256`, { force: true });
		}
		const form = new FormData();
		form.set('card', new Blob([JSON.stringify(card)], { type: 'application/json' }), 'card.json');
		form.set('model', new Blob([onnx], { type: 'application/octet-stream' }), 'model.onnx');
		form.set(
			'reference_profile',
			new Blob([readFileSync(profilePath)], { type: 'application/octet-stream' }),
			'reference-profile.vgpf'
		);
		const put = await fetch(`${url}/api/v1/models/${card.name}/${card.version}`, {
			method: 'PUT',
			headers: auth,
			body: form
		});
		if (!put.ok) {
			log(`  ✗ ${id}: the registry refused it (${put.status}): ${await put.text()}`);
			continue;
		}
		const registered = await put.json();
		// A model already in production with another version (a promoted challenger) is left as it is.
		const current = await fetch(
			`${url}/api/v1/models?name=${encodeURIComponent(card.name)}&stage=production`,
			{ headers: auth }
		);
		/** @type {{ version: string }[]} */
		const production = current.ok ? ((await current.json()).models ?? []) : [];
		const other = production.find((m) => m.version !== card.version);
		if (registered.stage !== 'production' && !other) {
			const promote = await fetch(`${url}/api/v1/models/${card.name}/${card.version}/promote`, {
				method: 'POST',
				headers: { ...auth, 'content-type': 'application/json' },
				body: JSON.stringify({ stage: 'production' })
			});
			if (!promote.ok) {
				log(`  ✗ ${id}: promotion refused (${promote.status}): ${await promote.text()}`);
				continue;
			}
		}
		const advanced = await fetch(
			`${url}/api/v1/models/${card.name}/${card.version}/reference-advanced`,
			{
				method: 'PUT',
				headers: { ...auth, 'content-type': 'application/json' },
				body: readFileSync(advancedPath)
			}
		);
		if (!advanced.ok) {
			log(
				`  ✗ ${id}: the advanced reference was refused (${advanced.status}): ${await advanced.text()}`
			);
			continue;
		}
		log(
			other
				? `  ✓ ${id} registered with its reference profile and advanced reference; ${card.name} ${other.version} stays in production`
				: `  ✓ ${id} registered with its reference profile and advanced reference, in production`
		);
	}
}
