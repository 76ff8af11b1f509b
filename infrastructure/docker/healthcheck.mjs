// HEALTHCHECK of every image: GET /health on PORT, else the seed port of SMH_SERVICE (8080 for all-in-one).
const { SERVICE_PORTS } = await import('/app/shared/src/config.js');
const service = process.env.SMH_SERVICE ?? 'all-in-one';
const port = process.env.PORT || SERVICE_PORTS[service] || 8080;
try {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
