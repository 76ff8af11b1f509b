// docker-compose.yml (development) and infrastructure/docker-compose.prod.yml against the Compose schema,
// plus the wiring the schema cannot see: ports, service URLs, the shared media volume, secrets, limits.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createComposeValidator, readCompose, stripLegacyIds } from './support/compose.js';
import { SERVICES, SERVICE_URL_ENV, repoPath } from './support/seed.js';

const validate = createComposeValidator();
const DEV_FILE = repoPath('docker-compose.yml');
const PROD_FILE = repoPath('infrastructure/docker-compose.prod.yml');
const dev = readCompose(DEV_FILE);
const prod = readCompose(PROD_FILE);

const volumeSources = (service: { volumes?: (string | { source?: string })[] }) =>
  (service.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0]! : (v.source ?? '')));

describe('compose schema validation', () => {
  it('accepts both compose files', () => {
    expect(validate(dev)).toEqual([]);
    expect(validate(prod)).toEqual([]);
  });

  it('rejects unknown keys and Compose durations that Go cannot parse', () => {
    expect(validate({ services: { a: { image: 'x', portz: ['1:1'] } } }).join()).toMatch(/portz/);
    expect(validate({ services: { a: { image: 'x', healthcheck: { interval: '5 seconds' } } } }).join()).toMatch(
      /duration/,
    );
  });

  it('strips legacy ids but keeps properties named id', () => {
    expect(stripLegacyIds({ id: 'x', properties: { id: { type: 'string' } }, a: [{ $schema: 's', b: 1 }] })).toEqual({
      properties: { id: { type: 'string' } },
      a: [{ b: 1 }],
    });
  });
});

describe.each([
  ['development', dev, DEV_FILE],
  ['production', prod, PROD_FILE],
])('%s stack', (_, compose, file) => {
  it('runs every service with PORT and SMH_SERVICE matching its seed port, plus PostgreSQL 15 and Redis 7', () => {
    for (const s of SERVICES) {
      const service = compose.services[s.name];
      expect(service, s.name).toBeDefined();
      expect(service.environment.PORT).toBe(String(s.port));
      expect(service.environment.SMH_SERVICE).toBe(s.name);
      expect(service.environment.SMH_DATA_DIR).toBe('/data');
    }
    expect(compose.services.postgres.image).toMatch(/^postgres:15/);
    expect(compose.services.redis.image).toMatch(/^redis:7/);
  });

  it('points the gateway at every service and shares one media volume between download, video and file services', () => {
    expect(compose.services['api-gateway'].environment).toMatchObject(SERVICE_URL_ENV);
    for (const s of SERVICES) expect(volumeSources(compose.services[s.name]).includes('media'), s.name).toBe(s.media);
  });

  it("gives every service the URL of each service its code calls (call('<name>', …) in src/)", () => {
    // A missing URL falls back to 127.0.0.1:<port>, which is nobody inside a container (ECONNREFUSED, 503).
    for (const s of SERVICES) {
      const sources = (readdirSync(repoPath('services', s.name, 'src'), { recursive: true }) as string[])
        .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
        .map((name) => readFileSync(repoPath('services', s.name, 'src', name), 'utf8'))
        .join('\n');
      const callees = new Set([...sources.matchAll(/call\('([a-z]+-service)'/g)].map((match) => match[1]!));
      for (const callee of callees) {
        const env = `${callee.toUpperCase().replace(/-/g, '_')}_URL`;
        expect(compose.services[s.name].environment[env], `${s.name} → ${callee}`).toBe(SERVICE_URL_ENV[env]);
      }
    }
  });

  it('only mounts files that exist (except the gateway nginx.conf owned by the gateway)', () => {
    for (const [name, service] of Object.entries<{ volumes?: string[] }>(compose.services)) {
      for (const source of volumeSources(service).filter((v) => v.startsWith('.') && !v.includes('${'))) {
        if (source.endsWith('services/api-gateway/nginx.conf')) continue;
        expect(existsSync(resolve(dirname(file), source)), `${name}: ${source}`).toBe(true);
      }
    }
  });

  it('waits for healthy PostgreSQL and Redis', () => {
    for (const s of SERVICES) {
      expect(compose.services[s.name].depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(compose.services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
  });
});

describe('development stack', () => {
  it('builds each service from the one Dockerfile (SERVICE build argument), without source mounts, and runs Prometheus, Grafana and Jaeger with the repo configs', () => {
    for (const s of SERVICES) {
      expect(dev.services[s.name].build).toEqual({ context: '.', args: { SERVICE: s.name } });
      expect(dev.services[s.name].image).toBe(`smh/${s.name}:dev`);
      // The images run compiled JavaScript: TypeScript sources mounted over /app would not run.
      expect(
        volumeSources(dev.services[s.name]).filter((v) => v.startsWith('./')),
        s.name,
      ).toEqual([]);
    }
    expect(dev.services.prometheus.volumes).toContain(
      './monitoring/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
    expect(dev.services.grafana.volumes).toContain('./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro');
    expect(dev.services.jaeger.volumes).toContain('./monitoring/jaeger/jaeger.yml:/etc/jaeger/jaeger.yml:ro');
    expect(dev.services['api-gateway'].environment.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      '${OTEL_EXPORTER_OTLP_ENDPOINT:-http://jaeger:4318}',
    );
  });
});

describe('production stack', () => {
  const appServices = SERVICES.map((s) => prod.services[s.name]);

  it('restarts and limits every container', () => {
    for (const [name, service] of Object.entries<Record<string, any>>(prod.services)) {
      // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(service.restart, name).toBe('unless-stopped');
      expect(service.deploy?.resources?.limits?.memory, name).toBeTruthy();
      expect(service.deploy?.resources?.limits?.cpus, name).toBeTruthy();
    }
  });

  it('uses registry images without source mounts and reads secrets from files only', () => {
    for (const service of appServices) {
      expect(service.build).toBeUndefined();
      expect(service.image).toMatch(/\$\{SMH_VERSION/);
      expect(volumeSources(service).filter((v) => v.startsWith('.'))).toEqual([]);
      expect(service.environment).not.toHaveProperty('SMH_SECRET_KEY');
      expect(service.environment).not.toHaveProperty('DATABASE_URL');
      expect(service.environment.SMH_SECRET_KEY_FILE).toBe('/run/secrets/smh_secret_key');
      expect(service.secrets).toEqual(['database_url', 'redis_url', 'smh_secret_key']);
    }
    expect(prod.services.postgres.environment.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres_password');
    expect(JSON.stringify(prod)).not.toMatch(/PASSWORD"\s*:\s*"(?!\/run\/secrets)/);
    for (const secret of Object.values<{ file: string }>(prod.secrets))
      expect(secret.file).toMatch(/^\$\{SMH_SECRETS_DIR/);
  });

  it('terminates TLS in nginx with the gateway nginx.conf and publishes nothing else publicly', () => {
    expect(prod.services.nginx.volumes).toContain('../services/api-gateway/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(prod.services.nginx.ports).toEqual(['80:80', '443:443']);
    for (const [name, service] of Object.entries<{ ports?: string[] }>(prod.services)) {
      if (name === 'nginx') continue;
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });
});
