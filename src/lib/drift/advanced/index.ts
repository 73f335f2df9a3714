// Label-free performance estimation, multivariate drift and streaming detectors: pure functions
// and classes over typed arrays, shared by the browser, the Worker's job and the CLI.
export * from './adwin';
export * from './cbpe';
export * from './cusum';
export * from './dle';
export * from './dle-schema';
export * from './domain-classifier';
export * from './domain-classifier-schema';
export * from './permutation-auc';
export * from './isotonic';
export * from './page-hinkley';
export * from './pca-reconstruction';
export * from './random';
export * from './schemas';
export type { StreamingUpdate } from './streaming-update';
export * from './symmetric-eigen';
export * from './reference';
