// The OpenAPI operations of the model registry routes (routes/models.ts), kept apart so the
// route table stays readable.
import type { Operation } from '../routes/route';
import { error, json, path, query, readErrors, ref, writeErrors } from './parts';

const ids = [path('name', 'Model name'), path('version', 'Version')];
const badRequest = 'Malformed request (bad JSON, a name or version with traversal or markup)';
const read = readErrors(badRequest);
const write = (conflict?: string, unprocessable = 'The body does not match its contract') =>
	writeErrors(badRequest, conflict, unprocessable);

export const modelDocs = {
	register: {
		summary: 'Register a model version (ONNX + card; SHA-256 checked against card.onnx.sha256)',
		parameters: ids,
		requestBody: {
			required: true,
			content: {
				'multipart/form-data': {
					schema: {
						type: 'object',
						properties: {
							card: ref('ModelCard'),
							model: { type: 'string', contentMediaType: 'application/octet-stream' },
							reference_profile: { type: 'object' }
						},
						required: ['card', 'model']
					}
				},
				'application/json': { schema: ref('ModelUpload') }
			}
		},
		responses: {
			'201': { description: 'Registered', content: json('ModelVersionEntry') },
			'200': {
				description: 'Already registered with the same bytes',
				content: json('ModelVersionEntry')
			},
			...write('Other bytes for a registered version, or another reference profile')
		}
	},
	referenceProfile: {
		summary:
			"Add the frozen reference profile (binary VGPF, built from the card's reference) to a registered version",
		parameters: ids,
		requestBody: {
			required: true,
			content: { 'application/octet-stream': { schema: { type: 'string' } } }
		},
		responses: {
			'200': { description: 'The entry, now with its profile', content: json('ModelVersionEntry') },
			'404': error('Unknown model version or card'),
			...write(
				'The version already has a different reference profile',
				"The profile does not decode, or was not built from the card's reference"
			)
		}
	},
	putAdvanced: {
		summary:
			'Store the fitted advanced reference (vigil.advanced-reference/1: PCA and, for binary classifiers, CBPE) the monitoring job uses; frozen once stored',
		parameters: ids,
		requestBody: {
			required: true,
			content: {
				'application/json': {
					schema: {
						type: 'object',
						description: 'vigil.advanced-reference/1, from vigil profile build --advanced-out',
						properties: { schema: { type: 'string', const: 'vigil.advanced-reference/1' } },
						required: ['schema']
					}
				}
			}
		},
		responses: {
			'200': { description: 'Stored (or the same document again)' },
			'404': error('Unknown model'),
			...write('The version already has a different advanced reference')
		}
	},
	list: {
		summary: 'List registered model versions',
		parameters: [
			query('name', 'Model name'),
			query('stage', 'none, staging, production or archived')
		],
		responses: { '200': { description: 'Versions', content: json('ModelList') }, ...read }
	},
	get: {
		summary: 'A model version with its card',
		parameters: ids,
		responses: { '200': { description: 'Entry and card' }, '404': error('Unknown model'), ...read }
	},
	getAdvanced: {
		summary: "A model version's advanced reference",
		parameters: ids,
		responses: {
			'200': { description: 'The vigil.advanced-reference/1 document' },
			'404': error('None stored'),
			...read
		}
	},
	onnx: {
		summary: 'Download the ONNX file (Range supported)',
		parameters: ids,
		responses: {
			'200': { description: 'ONNX bytes' },
			'206': { description: 'Range' },
			'404': error('Unknown model'),
			'416': error('Range not satisfiable'),
			...read
		}
	},
	promote: {
		summary:
			'Move a version to production, staging or archived; promoting to production archives the previous production version',
		parameters: ids,
		requestBody: { required: true, content: json('PromoteRequest') },
		responses: {
			'200': { description: 'The entry and the archived versions' },
			'404': error('Unknown model'),
			...write('The challenger has no passing evaluation against the version in production')
		}
	},
	putEvaluation: {
		summary:
			'Store the evaluation of a registered challenger; promotion to production over another version needs a passing one',
		parameters: ids,
		requestBody: { required: true, content: json('Evaluation') },
		responses: {
			'201': { description: 'Stored, with the failed gates' },
			'404': error('Unknown model version'),
			...write(undefined, 'The evaluation does not match its contract, its gates or the registry')
		}
	},
	getEvaluation: {
		summary: 'The stored evaluation of a model version',
		parameters: ids,
		responses: {
			'200': { description: 'Evaluation', content: json('Evaluation') },
			'404': error('No evaluation'),
			...read
		}
	}
} satisfies Record<string, Operation>;
