// Vitest's JSON reporter plus what it leaves out: the unhandled errors of the run (an exception thrown outside any
// test fails the run but appears in no test result) and why the run ended early, if it did.
import { JsonReporter } from 'vitest/node';

export default class JsonReporterWithErrors extends JsonReporter {
  unhandled = [];
  reason = undefined;

  async onTestRunEnd(testModules, unhandledErrors = [], reason) {
    this.unhandled = [...unhandledErrors].map((error) => String(error?.stack ?? error?.message ?? error));
    this.reason = reason;
    await super.onTestRunEnd(testModules, unhandledErrors, reason);
  }

  async writeReport(report) {
    const data = JSON.parse(report);
    data.numUnhandledErrors = this.unhandled.length;
    data.unhandledErrors = this.unhandled;
    if (this.reason) data.endReason = this.reason;
    await super.writeReport(JSON.stringify(data));
  }
}
