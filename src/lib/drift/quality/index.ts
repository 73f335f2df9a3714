// The data-quality suite: one check per file, conditions derived from the reference.
export * from './check';
export * from './constant-column';
export * from './duplicated-columns';
export * from './duplicated-rows';
export * from './missing-share';
export * from './new-categories';
export * from './out-of-range';
export * from './quality-reference';
export * from './suite';
