// Reads the JSON reports of the test runners and prints one closing line: "N passed, N failed[, N skipped]".
//
//   node scripts/test-summary.mjs vitest=.tmp/vitest.json playwright=.tmp/playwright.json \
//     [--exit vitest=0 --exit playwright=1] [--skips-fail]
//
// Every runner named is expected: one that wrote no report (it crashed or never started) or an unreadable one
// counts as a failure, and so does a non-zero exit status that its report does not explain. Vitest's unhandled
// errors (scripts/vitest-json-reporter.mjs adds them) and Playwright's top-level errors count as failures.
// Under CI (CI=true or SMH_REQUIRE_SERVICES=1, or --skips-fail) every skipped test counts as a failure too.
// Each failed test is named, with the first line of its error, just above the closing line: a CI log that keeps only
// its tail still says what failed.
import fs from 'node:fs';
import path from 'node:path';

export function parseArguments(argv) {
  const runners = [];
  const exits = new Map();
  let skipsFail = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--skips-fail') skipsFail = true;
    else if (arg === '--exit') {
      const [name, code] = (argv[++i] ?? '').split('=');
      exits.set(name, Number(code));
    } else if (arg.includes('=')) {
      const at = arg.indexOf('=');
      runners.push({ name: arg.slice(0, at), file: arg.slice(at + 1) });
    } else runners.push({ name: path.basename(arg, '.json'), file: arg });
  }
  return { runners: runners.map((runner) => ({ ...runner, exit: exits.get(runner.name) })), skipsFail };
}

/** How many failed tests are named; the rest are counted. */
const NAMED_FAILURES = 20;

/** "name: the first line of its error", cut to one readable line. */
function failureLine(name, message) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes in Playwright's messages
  const plain = String(message ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const first = plain.split('\n').find((line) => line.trim() !== '') ?? '';
  const text = first.trim();
  return `failed: ${name}${text ? `: ${text.length > 240 ? `${text.slice(0, 240)}…` : text}` : ''}`;
}

function vitestCounts(report) {
  const files = report.testResults ?? [];
  // A file that failed to load or whose hooks threw has status failed but no failed test of its own.
  const brokenFiles = files.filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  const skippedNames = files.flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => ['pending', 'skipped', 'todo', 'disabled'].includes(test.status))
      .map((test) => `${path.relative(process.cwd(), file.name)} > ${test.fullName}`),
  );
  const failedTests = files.flatMap((file) =>
    (file.assertionResults ?? [])
      .filter((test) => test.status === 'failed')
      .map((test) =>
        failureLine(`${path.relative(process.cwd(), file.name)} > ${test.fullName}`, test.failureMessages?.[0]),
      ),
  );
  const problems = brokenFiles.map((file) => `${file.name}: ${file.message || 'the file failed outside its tests'}`);
  const unhandled = report.numUnhandledErrors ?? 0;
  if (unhandled > 0) problems.push(`${unhandled} unhandled error(s): ${(report.unhandledErrors ?? []).join('\n')}`);
  if (report.endReason && report.endReason !== 'passed' && report.endReason !== 'failed')
    problems.push(`the run ended early (${report.endReason})`);
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles.length + unhandled + (report.endReason === 'interrupted' ? 1 : 0),
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    skippedNames,
    failedTests,
    problems,
  };
}

function playwrightCounts(report) {
  const errors = report.errors ?? [];
  const skippedNames = [];
  const failedTests = [];
  const walk = (suite, trail) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) {
        const name = [...trail, spec.title].filter(Boolean).join(' > ');
        if (test.status === 'skipped') skippedNames.push(name);
        if (test.status === 'unexpected' || test.status === 'flaky') {
          const error = (test.results ?? []).map((result) => result.error ?? result.errors?.[0]).find(Boolean);
          failedTests.push(failureLine(`${name}${test.status === 'flaky' ? ' (flaky)' : ''}`, error?.message));
        }
      }
    for (const child of suite.suites ?? []) walk(child, [...trail, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, [suite.title]);
  return {
    passed: report.stats.expected ?? 0,
    failed: (report.stats.unexpected ?? 0) + (report.stats.flaky ?? 0) + errors.length,
    skipped: report.stats.skipped ?? 0,
    skippedNames,
    failedTests,
    problems: errors.map((error) => `top-level error: ${error.message ?? JSON.stringify(error)}`),
  };
}

/** The totals and the sentences explaining each failure that is not a failed test. */
export function summarize({ runners, skipsFail }, readFile = (file) => fs.readFileSync(file, 'utf8')) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  const notes = [];
  for (const runner of runners) {
    let text;
    try {
      text = readFile(runner.file);
    } catch {
      total.failed += 1;
      notes.push(`${runner.name}: wrote no report (${runner.file}): it crashed or never ran`);
      continue;
    }
    let counts;
    try {
      const report = JSON.parse(text);
      if (typeof report.numPassedTests === 'number') counts = vitestCounts(report);
      else if (report.stats) counts = playwrightCounts(report);
      else throw new Error('neither a Vitest nor a Playwright JSON report');
    } catch (error) {
      total.failed += 1;
      notes.push(`${runner.name}: ${runner.file} is not a usable report (${error.message})`);
      continue;
    }
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    for (const problem of counts.problems) notes.push(`${runner.name}: ${problem}`);
    for (const failure of counts.failedTests.slice(0, NAMED_FAILURES)) notes.push(`${runner.name}: ${failure}`);
    if (counts.failedTests.length > NAMED_FAILURES)
      notes.push(`${runner.name}: and ${counts.failedTests.length - NAMED_FAILURES} more failed test(s)`);
    if (skipsFail && counts.skipped > 0) {
      total.failed += counts.skipped;
      notes.push(
        `${runner.name}: ${counts.skipped} skipped test(s) count as failures under CI:\n  ${counts.skippedNames.join('\n  ')}`,
      );
    }
    if (runner.exit !== undefined && runner.exit !== 0 && counts.failed === 0) {
      total.failed += 1;
      notes.push(`${runner.name}: exited with status ${runner.exit} although its report shows no failure`);
    }
  }
  if (runners.length === 0) {
    total.failed += 1;
    notes.push('no test runner was named');
  }
  const line = `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`;
  return { ...total, notes, line, ok: total.failed === 0 && total.passed > 0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const options = parseArguments(process.argv.slice(2));
  if (process.env.CI === 'true' || process.env.SMH_REQUIRE_SERVICES === '1') options.skipsFail = true;
  const result = summarize(options);
  for (const note of result.notes) console.error(note);
  console.log(result.line);
  process.exit(result.ok ? 0 : 1);
}
