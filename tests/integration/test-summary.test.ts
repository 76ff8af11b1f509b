// scripts/test-summary.mjs, fed crafted reports: the closing line must count a crashed or silent runner, Vitest's
// unhandled errors, Playwright's top-level errors, and (under CI) skipped tests as failures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../scripts/test-summary.mjs');
const dir = mkdtempSync(join(tmpdir(), 'smh-summary-'));

function report(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function summary(args: string[], env: Record<string, string> = {}) {
  const { CI: _ci, SMH_REQUIRE_SERVICES: _required, ...rest } = process.env;
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', env: { ...rest, ...env } });
  return { line: result.stdout.trim(), notes: result.stderr, status: result.status };
}

const test = (fullName: string, status: string) => ({ fullName, title: fullName, status });
const vitest = (extra: Record<string, unknown> = {}) => ({
  numPassedTests: 18,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numFailedTestSuites: 0,
  testResults: [{ name: '/repo/a.test.ts', status: 'passed', message: '', assertionResults: [test('a', 'passed')] }],
  ...extra,
});
const playwright = (extra: Record<string, unknown> = {}) => ({
  stats: { expected: 5, unexpected: 0, flaky: 0, skipped: 0 },
  suites: [],
  errors: [],
  ...extra,
});

describe('test-summary', () => {
  it('adds up passing reports and exits 0', () => {
    const out = summary([`vitest=${report('v-ok.json', vitest())}`, `playwright=${report('p-ok.json', playwright())}`]);
    expect(out).toMatchObject({ line: '23 passed, 0 failed', status: 0 });
  });

  it('counts a runner that wrote no report as a failure (Vitest crashed)', () => {
    const out = summary([`vitest=${join(dir, 'missing.json')}`, `playwright=${report('p-ok2.json', playwright())}`]);
    expect(out.line).toBe('5 passed, 1 failed');
    expect(out.notes).toContain('vitest: wrote no report');
    expect(out.status).toBe(1);
  });

  it('counts a truncated report as a failure', () => {
    const out = summary([`vitest=${report('v-cut.json', '{"numPassedTests": 3, "numFail')}`]);
    expect(out).toMatchObject({ line: '0 passed, 1 failed', status: 1 });
  });

  it("counts Vitest's unhandled errors and files that failed outside their tests", () => {
    const broken = { name: '/repo/b.test.ts', status: 'failed', message: 'Cannot find module', assertionResults: [] };
    const out = summary([
      `vitest=${report('v-err.json', vitest({ numUnhandledErrors: 2, unhandledErrors: ['boom', 'bang'], testResults: [broken] }))}`,
    ]);
    expect(out.line).toBe('18 passed, 3 failed');
    expect(out.notes).toContain('2 unhandled error(s)');
    expect(out.notes).toContain('Cannot find module');
  });

  it("counts Playwright's top-level errors (global setup, config)", () => {
    const out = summary([
      `playwright=${report('p-err.json', playwright({ errors: [{ message: 'globalSetup failed' }] }))}`,
    ]);
    expect(out.line).toBe('5 passed, 1 failed');
    expect(out.notes).toContain('globalSetup failed');
  });

  it('counts a non-zero exit that the report does not explain', () => {
    const file = report('v-exit.json', vitest());
    expect(summary([`vitest=${file}`, '--exit', 'vitest=1']).line).toBe('18 passed, 1 failed');
    expect(summary([`vitest=${file}`, '--exit', 'vitest=0']).line).toBe('18 passed, 0 failed');
  });

  it('reports skips, and fails them under CI naming each one', () => {
    const skipped = vitest({
      numPendingTests: 1,
      testResults: [
        { name: `${process.cwd()}/k.test.ts`, status: 'passed', assertionResults: [test('kustomize', 'skipped')] },
      ],
    });
    const file = report('v-skip.json', skipped);
    expect(summary([`vitest=${file}`])).toMatchObject({ line: '18 passed, 0 failed, 1 skipped', status: 0 });
    for (const env of [{ CI: 'true' }, { SMH_REQUIRE_SERVICES: '1' }] as Record<string, string>[]) {
      const out = summary([`vitest=${file}`], env);
      expect(out).toMatchObject({ line: '18 passed, 1 failed, 1 skipped', status: 1 });
      expect(out.notes).toContain('k.test.ts > kustomize');
    }
  });

  it('names each failed test with the first line of its error, just above the closing line', () => {
    const failing = vitest({
      numFailedTests: 1,
      testResults: [
        {
          name: `${process.cwd()}/tests/e2e/distributed.test.ts`,
          status: 'failed',
          assertionResults: [
            {
              ...test('distributed > runs each job once', 'failed'),
              failureMessages: ['\nAssertionError: expected 2 to be 1\n    at distributed.test.ts:88:7'],
            },
          ],
        },
      ],
    });
    const browserFailure = {
      title: 'Queue',
      specs: [
        {
          title: 'retries a failed download',
          tests: [
            { status: 'unexpected', results: [{ error: { message: '\u001b[31mTimeoutError\u001b[39m: 15000ms' } }] },
          ],
        },
      ],
    };
    const browser = playwright({
      stats: { expected: 4, unexpected: 1, flaky: 0, skipped: 0 },
      suites: [browserFailure],
    });
    const out = summary([`vitest=${report('v-fail.json', failing)}`, `playwright=${report('p-fail.json', browser)}`]);
    expect(out).toMatchObject({ line: '22 passed, 2 failed', status: 1 });
    expect(out.notes).toContain(
      'vitest: failed: tests/e2e/distributed.test.ts > distributed > runs each job once: AssertionError: expected 2 to be 1\n',
    );
    expect(out.notes).toContain('playwright: failed: Queue > retries a failed download: TimeoutError: 15000ms\n');
  });

  it('names at most 20 failed tests and counts the rest', () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ ...test(`t${i}`, 'failed'), failureMessages: ['boom'] }));
    const failing = vitest({
      numFailedTests: 23,
      testResults: [{ name: '/repo/m.test.ts', status: 'failed', assertionResults: many }],
    });
    const out = summary([`vitest=${report('v-many.json', failing)}`]);
    expect(out.notes.match(/vitest: failed: /g)).toHaveLength(20);
    expect(out.notes).toContain('vitest: and 3 more failed test(s)');
  });

  it('fails when nothing passed or no runner was named', () => {
    expect(summary([`vitest=${report('v-none.json', vitest({ numPassedTests: 0 }))}`]).status).toBe(1);
    expect(summary([])).toMatchObject({ line: '0 passed, 1 failed', status: 1 });
  });
});
