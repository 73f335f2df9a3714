/**
 * The one reading of every record (pure, like src/lib/drift: no Svelte, DuckDB, ONNX, fetch, DOM or
 * zod; records and typed arrays in, plain data out). The browser, the Worker and the CLI turn
 * records into columns and model input, read a prediction and pick a model's current version here.
 */
export * from './prediction';
export * from './record-columns';
export * from './record-window';
export * from './model-input';
export * from './versions';
