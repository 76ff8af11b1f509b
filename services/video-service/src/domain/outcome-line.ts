/** The one log line a finished video job leaves in the terminal ("video job failed: merge of 2 files: …"). Pure. */

function subject(job: { operation: string; inputs: readonly string[] }): string {
  const count = job.inputs.length;
  return `${job.operation} of ${count} ${count === 1 ? 'file' : 'files'}`;
}

export function videoOutcomeLine(
  job: { operation: string; inputs: readonly string[] },
  outcome:
    | { status: 'completed'; outputFileIds: readonly string[] }
    | { status: 'failed'; error: { message: string } }
    | { status: 'canceled' },
): string {
  if (outcome.status === 'canceled') return `video job canceled: ${subject(job)}`;
  if (outcome.status === 'failed')
    return `video job failed: ${subject(job)}: ${outcome.error.message.replace(/\.$/, '')}`;
  const outputs = outcome.outputFileIds;
  return `video job completed: ${subject(job)}${outputs.length ? ` → ${outputs.length === 1 ? 'file' : 'files'} ${outputs.join(', ')}` : ''}`;
}
