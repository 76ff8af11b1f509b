import type { CreateVideoJobInput } from '../../api/types.ts';
import { parseTimecode, validateCrf, validateTrim, type FieldErrors } from '../../lib/validation.ts';

export type ToolOperation = 'merge' | 'transcode' | 'trim' | 'thumbnail' | 'extract-audio';

export const TOOL_OPERATIONS: { value: ToolOperation; label: string; description: string }[] = [
  { value: 'merge', label: 'Merge', description: 'Join the clips into one video, in the order shown.' },
  { value: 'transcode', label: 'Transcode', description: 'Re-encode each clip (H.264) with a speed preset and quality.' },
  { value: 'trim', label: 'Trim', description: 'Keep the part between a start and an end time.' },
  { value: 'thumbnail', label: 'Thumbnails', description: 'Take still images spread over each clip.' },
  { value: 'extract-audio', label: 'Extract audio', description: 'Save the sound track of each clip.' },
];

export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;
export const AUDIO_FORMATS = ['mp3', 'm4a', 'wav'] as const;

export interface ToolOptionsForm {
  preset: string;
  crf: string;
  start: string;
  end: string;
  thumbnailCount: string;
  audioFormat: string;
}

export const DEFAULT_TOOL_OPTIONS: ToolOptionsForm = {
  preset: 'veryfast',
  crf: '23',
  start: '0',
  end: '',
  thumbnailCount: '3',
  audioFormat: 'mp3',
};

export type ToolField = keyof ToolOptionsForm | 'clips';

export type BuiltVideoJobs = { ok: true; jobs: CreateVideoJobInput[] } | { ok: false; errors: FieldErrors<ToolField> };

/**
 * Form → POST /api/videos/jobs bodies. Merge makes one job over the clips in order;
 * the other operations make one job per clip. Times are sent in seconds.
 */
export function buildVideoJobs(operation: ToolOperation, clipIds: string[], form: ToolOptionsForm, firstClipDuration?: number): BuiltVideoJobs {
  if (operation === 'merge') {
    if (clipIds.length < 2) return { ok: false, errors: { clips: 'Choose at least two clips to merge.' } };
    return { ok: true, jobs: [{ operation: 'merge', inputs: [...clipIds] }] };
  }
  if (clipIds.length === 0) return { ok: false, errors: { clips: 'Choose at least one clip.' } };
  let options: Record<string, unknown>;
  switch (operation) {
    case 'transcode': {
      const crfError = validateCrf(form.crf);
      if (crfError) return { ok: false, errors: { crf: crfError } };
      if (!(X264_PRESETS as readonly string[]).includes(form.preset)) return { ok: false, errors: { preset: 'Choose a preset from the list.' } };
      options = { preset: form.preset, crf: Number(form.crf) };
      break;
    }
    case 'trim': {
      const errors = validateTrim({ start: form.start, end: form.end, duration: clipIds.length === 1 ? firstClipDuration : undefined });
      if (errors.start || errors.end) return { ok: false, errors };
      const end = parseTimecode(form.end);
      options = { start: parseTimecode(form.start) ?? 0, ...(end === null ? {} : { end }) };
      break;
    }
    case 'thumbnail': {
      const count = Number(form.thumbnailCount);
      if (!Number.isInteger(count) || count < 1 || count > 20) {
        return { ok: false, errors: { thumbnailCount: 'Take between 1 and 20 thumbnails.' } };
      }
      options = { count };
      break;
    }
    case 'extract-audio': {
      if (!(AUDIO_FORMATS as readonly string[]).includes(form.audioFormat)) return { ok: false, errors: { audioFormat: 'Choose an audio format from the list.' } };
      options = { format: form.audioFormat };
      break;
    }
  }
  return { ok: true, jobs: clipIds.map((id) => ({ operation, inputs: [id], options })) };
}
