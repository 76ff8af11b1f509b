import { describe, expect, it } from 'vitest';
import { videoOutcomeLine } from '../../src/domain/outcome-line.js';

describe('video job outcome line', () => {
  const job = { operation: 'merge', inputs: ['a', 'b'] };
  it('names the operation, its inputs and the outputs or the reason', () => {
    expect(videoOutcomeLine(job, { status: 'completed', outputFileIds: ['f1'] })).toBe(
      'video job completed: merge of 2 files → file f1',
    );
    expect(videoOutcomeLine({ operation: 'probe', inputs: ['a'] }, { status: 'completed', outputFileIds: [] })).toBe(
      'video job completed: probe of 1 file',
    );
    expect(videoOutcomeLine(job, { status: 'failed', error: { message: 'The inputs differ in size.' } })).toBe(
      'video job failed: merge of 2 files: The inputs differ in size',
    );
    expect(videoOutcomeLine(job, { status: 'canceled' })).toBe('video job canceled: merge of 2 files');
  });
});
