/**
 * One typed request/response protocol for every Web Worker of the app (data, inference, drift,
 * training): requests paired with their result types, one error serialization, cancel and progress.
 */
export * from './errors';
export * from './protocol';
export * from './client';
export * from './host';
