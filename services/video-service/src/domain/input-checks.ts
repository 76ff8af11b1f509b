/**
 * The checks a job request needs beyond its shape, against what the catalog knows of each input. Pure: the route
 * gathers the facts, this decides. An unknown file and another user's file give the same answer (no leak).
 */
import type { VideoJobRequest, VideoOperation } from './job-request.js';

export type MediaType = 'image' | 'video' | 'audio' | 'other';

export interface InputFacts {
  id: string;
  type: MediaType;
  /** Seconds, when known (from the catalog or a probe). */
  durationSec: number | null;
}

export const ACCEPTED_TYPES: Record<VideoOperation, readonly MediaType[]> = {
  merge: ['video', 'image'],
  transcode: ['video'],
  thumbnail: ['video'],
  'extract-audio': ['video', 'audio'],
  trim: ['video', 'audio'],
  probe: ['video', 'audio', 'image'],
};

/** Durations are rounded in the catalog and the UI: an end this close past the last frame still means "to the end". */
const END_ROUNDING_MARGIN_SEC = 0.05;

export interface InputProblem {
  path: string;
  code: 'UNKNOWN_INPUT' | 'UNSUPPORTED_INPUT' | 'OPTION_OUT_OF_RANGE';
  message: string;
}

function describeAccepted(types: readonly MediaType[]): string {
  return types.length === 1 ? `a ${types[0]}` : `a ${types.slice(0, -1).join(', ')} or ${types.at(-1)}`;
}

/** `facts[i]` is undefined when input i is unknown or not visible to the caller. */
export function inputProblems(request: VideoJobRequest, facts: readonly (InputFacts | undefined)[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const accepted = ACCEPTED_TYPES[request.operation];
  request.inputs.forEach((id, index) => {
    const fact = facts[index];
    const path = `body.inputs.${index}`;
    if (fact === undefined) {
      problems.push({ path, code: 'UNKNOWN_INPUT', message: `file ${id} does not exist or is not yours` });
    } else if (!accepted.includes(fact.type)) {
      problems.push({
        path,
        code: 'UNSUPPORTED_INPUT',
        message: `file ${id} is ${fact.type === 'other' ? 'not a media file' : `a ${fact.type}`}; ${request.operation} needs ${describeAccepted(accepted)}`,
      });
    }
  });
  if (problems.length > 0) return problems;

  if (request.operation === 'trim') {
    const duration = facts[0]?.durationSec ?? null;
    if (duration !== null && request.options.startSec >= duration) {
      problems.push({
        path: 'body.options.startSec',
        code: 'OPTION_OUT_OF_RANGE',
        message: `startSec ${request.options.startSec} s is at or past the end of the input (${duration.toFixed(3)} s)`,
      });
    } else if (duration !== null && request.options.endSec > duration + END_ROUNDING_MARGIN_SEC) {
      problems.push({
        path: 'body.options.endSec',
        code: 'OPTION_OUT_OF_RANGE',
        message: `endSec ${request.options.endSec} s is past the end of the input (${duration.toFixed(3)} s)`,
      });
    }
  }
  return problems;
}

/** Whether the route must probe input i because a check needs a fact the catalog does not have. */
export function needsDuration(request: VideoJobRequest, fact: InputFacts | undefined): boolean {
  return request.operation === 'trim' && fact !== undefined && fact.type !== 'image' && fact.durationSec === null;
}
