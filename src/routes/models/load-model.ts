import { modelCardSchema, type ModelCard } from '$lib/contracts/model-card';

/** A model file and its card, checked against each other. */
export interface CheckedModel {
	card: ModelCard;
	onnx: ArrayBuffer;
	sha256: string;
}

/**
 * Hex SHA-256 of bytes, with Web Crypto.
 *
 * @example
 * await sha256Hex(new TextEncoder().encode('abc').buffer); // 'ba7816bf…'
 */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks a model card (JSON text) and an ONNX file against each other: the card must satisfy
 * `vigil.model-card/1`, and the bytes must have the card's size and SHA-256. Errors say which.
 *
 * @example
 * const model = await checkModelFiles(cardText, 'card.json', onnxBytes, 'model.onnx');
 */
export async function checkModelFiles(
	cardText: string,
	cardName: string,
	onnx: ArrayBuffer,
	onnxName: string
): Promise<CheckedModel> {
	let json: unknown;
	try {
		json = JSON.parse(cardText);
	} catch (err) {
		throw new Error(
			`${cardName} is not JSON (${err instanceof Error ? err.message : err}); pick the model card (card.json).`,
			{ cause: err }
		);
	}
	const parsed = modelCardSchema.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new Error(
			`${cardName} is not a valid model card: ${issue.path.join('.') || 'the document'}: ${issue.message}`
		);
	}
	const card = parsed.data;
	const head = new Uint8Array(onnx.slice(0, 1));
	// A JSON or text file picked by mistake: say so instead of reporting a size mismatch.
	if (onnx.byteLength === 0 || head[0] === 0x7b || head[0] === 0x5b) {
		throw new Error(
			`${onnxName} is not an ONNX model (it is empty or text); pick the .onnx file the card describes.`
		);
	}
	if (onnx.byteLength !== card.onnx.bytes) {
		throw new Error(
			`${onnxName} has ${onnx.byteLength} bytes but the card expects ${card.onnx.bytes}: the model and the card do not belong together.`
		);
	}
	const sha256 = await sha256Hex(onnx);
	if (sha256 !== card.onnx.sha256) {
		throw new Error(
			`${onnxName} has SHA-256 ${sha256.slice(0, 12)}… but the card expects ${card.onnx.sha256.slice(0, 12)}…: the model and the card do not belong together.`
		);
	}
	return { card, onnx, sha256 };
}
