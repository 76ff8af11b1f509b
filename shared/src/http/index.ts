export * from './app.js';
export * from './errors.js';
export * from './service-client.js';
export * from './service-locator.js';
export * from './metrics-endpoint.js';
