import { describe, expect, it } from 'vitest';
import { inputProblems, needsDuration, type InputFacts } from '../../src/domain/input-checks.js';
import { createJobBodySchema, parseStoredRequest, type VideoJobRequest } from '../../src/domain/job-request.js';

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const video = (n: number, durationSec: number | null = 10): InputFacts => ({ id: id(n), type: 'video', durationSec });
const request = (body: unknown) => createJobBodySchema.parse(body) as VideoJobRequest;

describe('input checks', () => {
  it('reports unknown inputs by position, in one list', () => {
    const merge = request({ operation: 'merge', inputs: [id(1), id(2), id(3)] });
    const problems = inputProblems(merge, [video(1), undefined, undefined]);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['body.inputs.1', 'UNKNOWN_INPUT'],
      ['body.inputs.2', 'UNKNOWN_INPUT'],
    ]);
    expect(problems[0]?.message).toBe(`file ${id(2)} does not exist or is not yours`);
  });

  it.each([
    ['merge', ['video', 'image'], ['audio', 'other']],
    ['transcode', ['video'], ['image', 'audio', 'other']],
    ['thumbnail', ['video'], ['image', 'audio']],
    ['extract-audio', ['video', 'audio'], ['image']],
    ['trim', ['video', 'audio'], ['image']],
    ['probe', ['video', 'audio', 'image'], ['other']],
  ] as const)('%s accepts %j and refuses %j', (operation, accepted, refused) => {
    const options = {
      transcode: { preset: '720p' },
      'extract-audio': { format: 'mp3' },
      trim: { startSec: 0, endSec: 1 },
    }[operation as string];
    const inputs = operation === 'merge' ? [id(1), id(2)] : [id(1)];
    const body = request({ operation, inputs, ...(options ? { options } : {}) });
    for (const type of accepted)
      expect(
        inputProblems(
          body,
          inputs.map(() => ({ id: id(1), type, durationSec: 5 })),
        ),
      ).toEqual([]);
    for (const type of refused) {
      const [problem] = inputProblems(
        body,
        inputs.map(() => ({ id: id(1), type, durationSec: 5 })),
      );
      expect(problem?.code).toBe('UNSUPPORTED_INPUT');
      expect(problem?.message).toContain(`${operation} needs`);
    }
  });

  it('refuses a trim starting at or after the end, only when the duration is known', () => {
    const trim = request({ operation: 'trim', inputs: [id(1)], options: { startSec: 10, endSec: 12 } });
    expect(inputProblems(trim, [video(1, 10)])).toEqual([
      {
        path: 'body.options.startSec',
        code: 'OPTION_OUT_OF_RANGE',
        message: 'startSec 10 s is at or past the end of the input (10.000 s)',
      },
    ]);
    const toEnd = request({ operation: 'trim', inputs: [id(1)], options: { startSec: 10, endSec: 10.5 } });
    expect(inputProblems(toEnd, [video(1, 10.5)])).toEqual([]);
    expect(inputProblems(trim, [video(1, null)])).toEqual([]);
    expect(needsDuration(trim, video(1, null))).toBe(true);
    expect(needsDuration(trim, video(1, 3))).toBe(false);
    expect(needsDuration(request({ operation: 'probe', inputs: [id(1)] }), video(1, null))).toBe(false);
  });

  it('refuses a trim ending past the end of the input (a 99 s end on a 2 s clip), allowing a rounding margin', () => {
    const trim = request({ operation: 'trim', inputs: [id(1)], options: { startSec: 0, endSec: 99 } });
    expect(inputProblems(trim, [video(1, 2)])).toEqual([
      {
        path: 'body.options.endSec',
        code: 'OPTION_OUT_OF_RANGE',
        message: 'endSec 99 s is past the end of the input (2.000 s)',
      },
    ]);
    const toTheEnd = request({ operation: 'trim', inputs: [id(1)], options: { startSec: 0, endSec: 2.04 } });
    expect(inputProblems(toTheEnd, [video(1, 2)])).toEqual([]);
  });
});

describe('job request schemas', () => {
  it('gives merge and the optional-option operations their defaults, and round-trips stored rows', () => {
    expect(request({ operation: 'merge', inputs: [id(1), id(1)] }).options).toEqual({});
    const stored = parseStoredRequest('trim', [id(1)], { startSec: 1, endSec: 2 });
    expect(stored).toEqual({ operation: 'trim', inputs: [id(1)], options: { startSec: 1, endSec: 2 } });
    expect(() => parseStoredRequest('trim', [id(1)], { startSec: 2, endSec: 1 })).toThrow(
      /endSec must be greater than startSec/,
    );
  });

  it.each([
    [{ operation: 'transcode', inputs: [id(1)], options: { preset: '720p', crf: 17 } }, 'crf'],
    [{ operation: 'transcode', inputs: [id(1)], options: { preset: '720p', crf: 36 } }, 'crf'],
    [{ operation: 'thumbnail', inputs: [id(1)], options: { atSec: 1, sheet: { columns: 2, rows: 2 } } }, 'sheet'],
    [{ operation: 'merge', inputs: [id(1), id(2)], options: { photoDurationSec: 0 } }, 'photoDurationSec'],
    [{ operation: 'merge', inputs: [id(1), id(2)], options: { resolution: '2160p' } }, 'resolution'],
    [{ operation: 'extract-audio', inputs: [id(1)], options: { format: 'wav' } }, 'format'],
    [{ operation: 'probe', inputs: [id(1)], options: { deep: true } }, ''],
  ])('refuses %j naming %s', (body, field) => {
    const result = createJobBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).join(' ')).toContain(
      `options${field ? `.${field}` : ''}`,
    );
  });
});
