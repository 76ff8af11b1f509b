import { msg, t } from '../../i18n/index.ts';
import type { CreateVideoJobInput } from '../../api/types.ts';
import { parseTimecode, validateCrf, validateTrim, type FieldErrors } from '../../lib/validation.ts';

export type ToolOperation = 'merge' | 'transcode' | 'trim' | 'thumbnail' | 'extract-audio';

export const TOOL_OPERATIONS: { value: ToolOperation; label: string; description: string }[] = [
  { value: 'merge', label: msg('Merge'), description: msg('Join the clips into one video, in the order shown.') },
  {
    value: 'transcode',
    label: msg('Transcode'),
    description: msg('Re-encode each clip (H.264) to a size class and quality.'),
  },
  { value: 'trim', label: msg('Trim'), description: msg('Keep the part between a start and an end time.') },
  {
    value: 'thumbnail',
    label: msg('Thumbnails'),
    description: msg('Take a poster frame, or a contact sheet of frames, from each clip.'),
  },
  { value: 'extract-audio', label: msg('Extract audio'), description: msg('Save the sound track of each clip.') },
];

/** Size classes of the video-service: the short side is at most 1080, 720 or 480 pixels. */
export const RESOLUTIONS = ['1080p', '720p', '480p'] as const;
export const AUDIO_FORMATS = ['m4a', 'mp3'] as const;

export interface ToolOptionsForm {
  /** Merge: '' keeps the largest input's size. */
  mergeResolution: string;
  resolution: string;
  crf: string;
  start: string;
  end: string;
  thumbnailMode: 'poster' | 'sheet';
  posterAt: string;
  sheetColumns: string;
  sheetRows: string;
  audioFormat: string;
}

export const DEFAULT_TOOL_OPTIONS: ToolOptionsForm = {
  mergeResolution: '',
  resolution: '720p',
  crf: '23',
  start: '0',
  end: '',
  thumbnailMode: 'poster',
  posterAt: '1',
  sheetColumns: '4',
  sheetRows: '4',
  audioFormat: 'm4a',
};

export type ToolField = keyof ToolOptionsForm | 'clips';

export type BuiltVideoJobs = { ok: true; jobs: CreateVideoJobInput[] } | { ok: false; errors: FieldErrors<ToolField> };

const isOneOf = (list: readonly string[], value: string) => list.includes(value);

function gridSide(text: string): number | null {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= 12 ? value : null;
}

/** Operation options, or the field errors that stop them. Times are sent in seconds. */
function buildOptions(
  operation: Exclude<ToolOperation, 'merge'>,
  form: ToolOptionsForm,
  duration: number | undefined,
): { options: Record<string, unknown> } | { errors: FieldErrors<ToolField> } {
  switch (operation) {
    case 'transcode': {
      if (!isOneOf(RESOLUTIONS, form.resolution)) return { errors: { resolution: t('Choose a size from the list.') } };
      const crfError = validateCrf(form.crf);
      if (crfError) return { errors: { crf: crfError } };
      return { options: { preset: form.resolution, crf: Number(form.crf) } };
    }
    case 'trim': {
      const errors = validateTrim({ start: form.start, end: form.end, duration });
      if (errors.start || errors.end) return { errors };
      return { options: { startSec: parseTimecode(form.start), endSec: parseTimecode(form.end) } };
    }
    case 'thumbnail': {
      if (form.thumbnailMode === 'sheet') {
        const columns = gridSide(form.sheetColumns);
        const rows = gridSide(form.sheetRows);
        if (columns === null) return { errors: { sheetColumns: t('Use 1 to 12 columns.') } };
        if (rows === null) return { errors: { sheetRows: t('Use 1 to 12 rows.') } };
        return { options: { sheet: { columns, rows } } };
      }
      const at = parseTimecode(form.posterAt);
      if (at === null)
        return { errors: { posterAt: t('Write the time as seconds (12.5) or minutes:seconds (1:05).') } };
      return { options: { atSec: at } };
    }
    case 'extract-audio':
      if (!isOneOf(AUDIO_FORMATS, form.audioFormat))
        return { errors: { audioFormat: t('Choose an audio format from the list.') } };
      return { options: { format: form.audioFormat } };
  }
}

/**
 * Form → POST /api/videos/jobs bodies (the video-service's schemas). Merge makes one job over the clips in order;
 * the other operations take one input each, so they make one job per clip.
 */
export function buildVideoJobs(
  operation: ToolOperation,
  clipIds: string[],
  form: ToolOptionsForm,
  firstClipDuration?: number | null,
): BuiltVideoJobs {
  if (operation === 'merge') {
    if (clipIds.length < 2) return { ok: false, errors: { clips: t('Choose at least two clips to merge.') } };
    if (form.mergeResolution && !isOneOf(RESOLUTIONS, form.mergeResolution))
      return { ok: false, errors: { mergeResolution: t('Choose a size from the list.') } };
    const job: CreateVideoJobInput = { operation: 'merge', inputs: [...clipIds] };
    if (form.mergeResolution) job.options = { resolution: form.mergeResolution };
    return { ok: true, jobs: [job] };
  }
  if (clipIds.length === 0) return { ok: false, errors: { clips: t('Choose at least one clip.') } };
  const built = buildOptions(operation, form, clipIds.length === 1 ? (firstClipDuration ?? undefined) : undefined);
  if ('errors' in built) return { ok: false, errors: built.errors };
  return { ok: true, jobs: clipIds.map((id) => ({ operation, inputs: [id], options: built.options })) };
}
