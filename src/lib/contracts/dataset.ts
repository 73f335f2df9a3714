import { z } from 'zod';
import { sha256Schema } from './common';

/**
 * What PUT /api/v1/datasets/{name} answers: a Parquet data set stored as is, read back (whole or
 * by HTTP range requests) from GET /api/v1/datasets/{name}.
 */
export const storedDatasetSchema = z
	.object({
		schema: z.literal('vigil.dataset-object/1'),
		/** `<name>.parquet`: letters, digits, '.', '_' and '-'. */
		name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,119}\.parquet$/),
		key: z.string(),
		size: z.number().int().min(12),
		sha256: sha256Schema
	})
	.meta({ id: 'StoredDataset' });
export type StoredDataset = z.infer<typeof storedDatasetSchema>;
