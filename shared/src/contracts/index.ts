export * from './common.js';
export * from './files.js';
export * from './accounts.js';
export * from './downloads.js';
