import { useTranslation } from 'react-i18next';
import { useId } from 'react';
import { Field } from '../../components/Field.tsx';
import type { FieldErrors } from '../../lib/validation.ts';
import {
  AUDIO_FORMATS,
  RESOLUTIONS,
  type ToolField,
  type ToolOperation,
  type ToolOptionsForm,
} from './videoJobRequest.ts';

function Select({
  label,
  value,
  options,
  onChange,
  error,
}: {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

const RESOLUTION_OPTIONS = RESOLUTIONS.map((r) => ({ value: r, label: r }));

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
  const { t } = useTranslation();
  const set = (key: keyof ToolOptionsForm) => (value: string) => onChange({ ...form, [key]: value });
  switch (operation) {
    case 'merge':
      return (
        <Select
          label={t('Output size')}
          value={form.mergeResolution}
          options={[{ value: '', label: t('Largest input') }, ...RESOLUTION_OPTIONS]}
          onChange={set('mergeResolution')}
          error={errors.mergeResolution}
        />
      );
    case 'transcode':
      return (
        <div className="form-row">
          <Select
            label={t('Output size')}
            value={form.resolution}
            options={RESOLUTION_OPTIONS}
            onChange={set('resolution')}
            error={errors.resolution}
          />
          <Field
            label={t('Quality (CRF)')}
            type="number"
            min={18}
            max={35}
            inputMode="numeric"
            value={form.crf}
            onChange={(e) => set('crf')(e.target.value)}
            hint={t('18 is best and largest, 23 is the default, 35 is smallest.')}
            error={errors.crf}
          />
        </div>
      );
    case 'trim':
      return (
        <div className="form-row">
          <Field
            label={t('Start')}
            value={form.start}
            onChange={(e) => set('start')(e.target.value)}
            hint={t('Seconds (12.5) or m:ss (1:05).')}
            error={errors.start}
          />
          <Field
            label={t('End')}
            value={form.end}
            onChange={(e) => set('end')(e.target.value)}
            hint={t('Seconds (12.5) or m:ss (1:05).')}
            error={errors.end}
          />
        </div>
      );
    case 'thumbnail':
      return (
        <>
          <fieldset className="radio-group">
            <legend>{t('Kind of thumbnail')}</legend>
            <label className="radio">
              <input
                type="radio"
                name="thumbnail-mode"
                checked={form.thumbnailMode === 'poster'}
                onChange={() => onChange({ ...form, thumbnailMode: 'poster' })}
              />

              {t('One poster frame')}
            </label>
            <label className="radio">
              <input
                type="radio"
                name="thumbnail-mode"
                checked={form.thumbnailMode === 'sheet'}
                onChange={() => onChange({ ...form, thumbnailMode: 'sheet' })}
              />

              {t('Contact sheet')}
            </label>
          </fieldset>
          {form.thumbnailMode === 'poster' ? (
            <Field
              label={t('Frame at')}
              value={form.posterAt}
              onChange={(e) => set('posterAt')(e.target.value)}
              hint={t('Seconds (12.5) or m:ss (1:05).')}
              error={errors.posterAt}
            />
          ) : (
            <div className="form-row">
              <Field
                label={t('Columns')}
                type="number"
                min={1}
                max={12}
                inputMode="numeric"
                value={form.sheetColumns}
                onChange={(e) => set('sheetColumns')(e.target.value)}
                error={errors.sheetColumns}
              />
              <Field
                label={t('Rows')}
                type="number"
                min={1}
                max={12}
                inputMode="numeric"
                value={form.sheetRows}
                onChange={(e) => set('sheetRows')(e.target.value)}
                error={errors.sheetRows}
              />
            </div>
          )}
        </>
      );
    case 'extract-audio':
      return (
        <Select
          label={t('Audio format')}
          value={form.audioFormat}
          options={AUDIO_FORMATS.map((f) => ({ value: f, label: f }))}
          onChange={set('audioFormat')}
          error={errors.audioFormat}
        />
      );
  }
}
