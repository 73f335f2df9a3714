/**
 * The estimate of one metric on one window by a label-free estimator (CBPE, DLE), or why there is
 * none; `E` adds the estimator's own error term.
 */
export type MetricEstimate<E> =
	| ({
			status: 'ok';
			value: number;
			lowerBand: number;
			upperBand: number;
			lowerThreshold: number;
			upperThreshold: number;
			alert: boolean;
	  } & E)
	| { status: 'not_enough_data'; reason: string };

/** A window's estimates of metrics K, with the rows used and left out. */
export interface WindowEstimate<K extends string, E> {
	/** Rows used. */
	n: number;
	/** Rows excluded (a missing score or prediction). */
	excluded: number;
	metrics: Record<K, MetricEstimate<E>>;
}
