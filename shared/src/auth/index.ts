export * from './secrets.js';
export * from './tokens.js';
