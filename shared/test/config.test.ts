import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.instagram.webUrl).toBe('https://www.instagram.com');
    expect(config.instagram.minIntervalMs).toBeGreaterThan(0);
    expect(config.allowPrivateUrls).toBe(false);
  });

  it('parses every variable it is given', () => {
    const config = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://u@db:5432/hub',
      REDIS_URL: 'redis://cache:6379',
      INSTAGRAM_WEB_URL: 'http://127.0.0.1:9400/',
      INSTAGRAM_MIN_INTERVAL_MS: '0',
      SMH_ALLOW_PRIVATE_URLS: 'true',
      DOWNLOAD_SERVICE_URL: 'http://download:8001',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.port).toBe(9000);
    expect(config.instagram.webUrl).toBe('http://127.0.0.1:9400');
    expect(config.instagram.minIntervalMs).toBe(0);
    expect(config.allowPrivateUrls).toBe(true);
    expect(config.serviceUrls['download-service']).toEqual(['http://download:8001']);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('takes several addresses of a service, comma-separated, and names a bad one', () => {
    const config = loadConfig({ DOWNLOAD_SERVICE_URL: 'http://worker-a:8001, http://worker-b:8001' });
    expect(config.serviceUrls['download-service']).toEqual(['http://worker-a:8001', 'http://worker-b:8001']);
    expect(() => loadConfig({ VIDEO_SERVICE_URL: 'http://video:8002,ftp://x' })).toThrow(/VIDEO_SERVICE_URL/);
    expect(() => loadConfig({ VIDEO_SERVICE_URL: ' , ' })).toThrow(/VIDEO_SERVICE_URL/);
  });

  it("takes the shutdown deadline from SMH_SHUTDOWN_TIMEOUT_MS (25 s, below Kubernetes' 30 s grace)", () => {
    expect(loadConfig({}).shutdownDeadlineMs).toBe(25_000);
    expect(loadConfig({ SMH_SHUTDOWN_TIMEOUT_MS: '5000' }).shutdownDeadlineMs).toBe(5000);
  });

  it('takes the metrics port and token, and names a bad one', () => {
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(loadConfig({ METRICS_PORT: '0' }).metricsPort).toBe(0);
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token' }).metricsToken).toBe('a-long-enough-token');
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT="70000": must be between 0 and 65535/);
    expect(() => loadConfig({ METRICS_PORT: 'abc' })).toThrow(/METRICS_PORT="abc": must be a port number/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN.*must be at least 16 characters/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in it ok' })).toThrow(
      /METRICS_TOKEN.*must not contain spaces/,
    );
  });

  it('takes the queue lock time from SMH_QUEUE_LOCK_MS (BullMQ default 30 s) and refuses less than a second', () => {
    expect(loadConfig({}).queueLockMs).toBe(30_000);
    expect(loadConfig({ SMH_QUEUE_LOCK_MS: '4000' }).queueLockMs).toBe(4000);
    expect(() => loadConfig({ SMH_QUEUE_LOCK_MS: '50' })).toThrow(/SMH_QUEUE_LOCK_MS="50": must be at least 1000/);
  });

  it("takes the Instagram GraphQL ids of the second path from the environment, with today's values as defaults", () => {
    expect(loadConfig({}).instagram).toMatchObject({
      timelineDocId: '34579740524958711',
      shortcodeDocId: '8845758582119845',
      currentUserQueryHash: 'd6f4427fbe92d846298cf93df0b937d3',
    });
    const rotated = loadConfig({
      INSTAGRAM_TIMELINE_DOC_ID: '7898261790222653',
      INSTAGRAM_SHORTCODE_DOC_ID: '27128499623469141',
      INSTAGRAM_CURRENT_USER_QUERY_HASH: '0123456789abcdef0123456789abcdef',
    }).instagram;
    expect(rotated).toMatchObject({
      timelineDocId: '7898261790222653',
      shortcodeDocId: '27128499623469141',
      currentUserQueryHash: '0123456789abcdef0123456789abcdef',
    });
    expect(() => loadConfig({ INSTAGRAM_TIMELINE_DOC_ID: 'abc' })).toThrow(
      /INSTAGRAM_TIMELINE_DOC_ID="abc": must be a numeric doc_id/,
    );
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'nonsense', SMH_ALLOW_PRIVATE_URLS: 'maybe', SMH_SECRET_KEY: 'short' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^PORT="abc": .*port/m);
    expect(problems).toMatch(/^DATABASE_URL="nonsense": must be a postgres:\/\/ URL/m);
    expect(problems).toMatch(/^SMH_ALLOW_PRIVATE_URLS="maybe": must be true or false/m);
    expect(problems).toMatch(/^SMH_SECRET_KEY=.*at least 32/m);
    expect((caught as ConfigError).problems).toHaveLength(4);
  });

  it('stops a process at start with a message naming the variable and a non-zero exit', () => {
    const script = `import { loadConfigOrExit } from './shared/src/runtime.ts'; loadConfigOrExit(); console.log('started');`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, PORT: 'abc', DATABASE_URL: 'nonsense' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT="abc"');
    expect(result.stderr).toContain('DATABASE_URL="nonsense"');
    expect(result.stdout).not.toContain('started');
  });
});

describe('service tuning variables', () => {
  it('are parsed with the same one-line-per-variable errors', async () => {
    const { parseEnv } = await import('../src/config.js');
    const { z } = await import('zod');
    const schema = z.object({
      SOME_TICK_MS: z.coerce.number({ message: 'must be milliseconds' }).int().positive().default(5000),
      SOME_NAME: z.string().default('x'),
    });
    expect(parseEnv(schema, {})).toEqual({ SOME_TICK_MS: 5000, SOME_NAME: 'x' });
    expect(parseEnv(schema, { SOME_TICK_MS: '250', SOME_NAME: '' })).toEqual({ SOME_TICK_MS: 250, SOME_NAME: 'x' });
    expect(() => parseEnv(schema, { SOME_TICK_MS: 'soon' })).toThrow(ConfigError);
    expect(() => parseEnv(schema, { SOME_TICK_MS: 'soon' })).toThrow(/SOME_TICK_MS="soon": must be milliseconds/);
  });

  it('stop a standalone service at start, naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'services/scheduler-service/src/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        PORT: '18999',
        SMH_DATA_DIR: path.join(process.env.TMPDIR ?? '/tmp', 'smh-config-test'),
        SMH_SCHEDULER_TICK_MS: 'often',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SMH_SCHEDULER_TICK_MS="often"');
  });
});
