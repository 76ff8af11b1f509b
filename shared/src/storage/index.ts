export * from './local.js';
export * from './data-dir.js';
