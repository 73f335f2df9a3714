import { z } from 'zod';

/** Which rows a window covers: row offsets [start, end) in the analysed data and a display label. */
export const windowRefSchema = z.object({
	index: z.number().int().nonnegative(),
	start: z.number().int().nonnegative(),
	end: z.number().int().nonnegative(),
	label: z.string().max(200).optional()
});
export type WindowRef = z.infer<typeof windowRefSchema>;
