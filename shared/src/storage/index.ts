export * from './local.js';
export * from './data-dir.js';
export * from './sha256-file.js';
