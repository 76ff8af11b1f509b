import { useId } from 'react';
import { Field } from '../../components/Field.tsx';
import type { FieldErrors } from '../../lib/validation.ts';
import { AUDIO_FORMATS, X264_PRESETS, type ToolField, type ToolOperation, type ToolOptionsForm } from './videoJobRequest.ts';

/** The option fields of the chosen operation. */
export function ToolOptions({
  operation,
  form,
  onChange,
  errors,
}: {
  operation: ToolOperation;
  form: ToolOptionsForm;
  onChange: (next: ToolOptionsForm) => void;
  errors: FieldErrors<ToolField>;
}) {
  const id = useId();
  const set = (key: keyof ToolOptionsForm) => (value: string) => onChange({ ...form, [key]: value });
  switch (operation) {
    case 'merge':
      return null;
    case 'transcode':
      return (
        <div className="form-row">
          <div className="field">
            <label htmlFor={`${id}-preset`}>Speed preset</label>
            <select id={`${id}-preset`} value={form.preset} onChange={(e) => set('preset')(e.target.value)}>
              {X264_PRESETS.map((preset) => (
                <option key={preset} value={preset}>
                  {preset}
                </option>
              ))}
            </select>
            {errors.preset ? <p className="field-error">{errors.preset}</p> : null}
          </div>
          <Field
            label="Quality (CRF)"
            type="number"
            min={0}
            max={51}
            inputMode="numeric"
            value={form.crf}
            onChange={(e) => set('crf')(e.target.value)}
            hint="0 is lossless, 23 is the default, 51 is the smallest file."
            error={errors.crf}
          />
        </div>
      );
    case 'trim':
      return (
        <div className="form-row">
          <Field label="Start" value={form.start} onChange={(e) => set('start')(e.target.value)} hint="Seconds (12.5) or m:ss (1:05)." error={errors.start} />
          <Field label="End (optional)" value={form.end} onChange={(e) => set('end')(e.target.value)} hint="Empty keeps everything after the start." error={errors.end} />
        </div>
      );
    case 'thumbnail':
      return (
        <Field
          label="Number of thumbnails"
          type="number"
          min={1}
          max={20}
          inputMode="numeric"
          value={form.thumbnailCount}
          onChange={(e) => set('thumbnailCount')(e.target.value)}
          error={errors.thumbnailCount}
        />
      );
    case 'extract-audio':
      return (
        <div className="field">
          <label htmlFor={`${id}-format`}>Audio format</label>
          <select id={`${id}-format`} value={form.audioFormat} onChange={(e) => set('audioFormat')(e.target.value)}>
            {AUDIO_FORMATS.map((format) => (
              <option key={format} value={format}>
                {format}
              </option>
            ))}
          </select>
          {errors.audioFormat ? <p className="field-error">{errors.audioFormat}</p> : null}
        </div>
      );
  }
}
