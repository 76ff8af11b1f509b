import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { HubFile } from '../../api/types.ts';
import { EmptyState, ErrorMessage } from '../../components/feedback.tsx';
import { useApi } from '../../hub.tsx';
import { useLiveQueue } from '../../live/LiveQueue.tsx';
import { appendUnique } from '../../lib/reorder.ts';
import { useLocation } from '../../lib/router.tsx';
import { useAction } from '../../lib/useAsync.ts';
import type { FieldErrors } from '../../lib/validation.ts';
import { VideoJobRow } from '../queue/VideoJobRow.tsx';
import { ClipList } from './ClipList.tsx';
import { ClipPicker } from './ClipPicker.tsx';
import { ToolOptions } from './ToolOptions.tsx';
import { TrimScrubber } from './TrimScrubber.tsx';
import {
  DEFAULT_TOOL_OPTIONS,
  TOOL_OPERATIONS,
  buildVideoJobs,
  type ToolField,
  type ToolOperation,
} from './videoJobRequest.ts';

/** Merge, transcode, trim, thumbnails, extract audio; clips come from ?files= or the picker. */
export function VideoToolsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { videoJobs, trackVideoJob } = useLiveQueue();
  const { search } = useLocation();
  const filesParam = search.get('files') ?? '';
  const [clipIds, setClipIds] = useState<string[]>([]);
  const [files, setFiles] = useState(new Map<string, HubFile>());
  const [operation, setOperation] = useState<ToolOperation>('merge');
  const [form, setForm] = useState(DEFAULT_TOOL_OPTIONS);
  const [errors, setErrors] = useState<FieldErrors<ToolField>>({});
  const [startedIds, setStartedIds] = useState<string[]>([]);
  const [justStarted, setJustStarted] = useState(false);

  const remember = useCallback((file: HubFile) => setFiles((previous) => new Map(previous).set(file.id, file)), []);
  const startedRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const ids = filesParam
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) return;
    setClipIds((current) => appendUnique(current, ids));
    for (const id of ids) api.files.get(id).then(remember, () => undefined);
  }, [api, filesParam, remember]);

  const start = useAction(async () => {
    const built = buildVideoJobs(operation, clipIds, form, files.get(clipIds[0] ?? '')?.duration);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    const created = await Promise.all(built.jobs.map((job) => api.videos.create(job)));
    built.jobs.forEach((request, i) => {
      const job = created[i];
      if (job) trackVideoJob({ operation: request.operation, inputs: request.inputs, progress: 0, ...job });
    });
    setStartedIds((ids) => [...created.map((job) => job.id), ...ids]);
    setJustStarted(true);
  });

  // The new job appears right under the Start button; bring it into view and announce it (issue 15, bug 1).
  useEffect(() => {
    if (!justStarted) return;
    setJustStarted(false);
    startedRef.current?.scrollIntoView?.({ block: 'nearest' }); // absent in jsdom
    startedRef.current?.focus({ preventScroll: true });
  }, [justStarted]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    void start.run();
  };

  const started = startedIds.map((id) => videoJobs.find((job) => job.id === id)).filter((job) => job !== undefined);
  const current = TOOL_OPERATIONS.find((op) => op.value === operation);

  return (
    <section aria-labelledby="videos-title">
      <h1 id="videos-title">{t('Video tools')}</h1>
      <div className="two-columns">
        <form className="card" onSubmit={onSubmit} noValidate data-testid="video-tool-form">
          <fieldset className="radio-group">
            <legend>{t('Operation')}</legend>
            {TOOL_OPERATIONS.map((op) => (
              <label key={op.value} className="radio">
                <input
                  type="radio"
                  name="operation"
                  value={op.value}
                  checked={operation === op.value}
                  onChange={() => setOperation(op.value)}
                />
                {t(op.label)}
              </label>
            ))}
          </fieldset>
          <p className="muted">{current ? t(current.description) : null}</p>

          <h2>{t('Clips')}</h2>
          {clipIds.length === 0 ? (
            <EmptyState title={t('No clips chosen')}>
              <p>{t('Add videos from the list, or select them in the Library and choose “Send to video tools”.')}</p>
            </EmptyState>
          ) : (
            <ClipList clipIds={clipIds} files={files} onChange={setClipIds} ordered={operation === 'merge'} />
          )}
          {errors.clips ? (
            <p className="field-error" role="alert">
              {errors.clips}
            </p>
          ) : null}

          <ToolOptions operation={operation} form={form} onChange={setForm} errors={errors} />
          {operation === 'trim' && clipIds.length === 1 && files.get(clipIds[0] ?? '') ? (
            <TrimScrubber
              file={files.get(clipIds[0] ?? '') as HubFile}
              start={form.start}
              end={form.end}
              onChange={(span) => setForm({ ...form, ...span })}
            />
          ) : null}
          <ErrorMessage message={start.error} testId="video-tool-error" />
          <button type="submit" className="button button-primary" disabled={start.pending}>
            {start.pending
              ? t('Starting…')
              : t('Start {{operation}}', { operation: current ? t(current.label).toLowerCase() : operation })}
          </button>
          {started.length > 0 ? (
            <section className="started-jobs" aria-labelledby="started-title" ref={startedRef} tabIndex={-1}>
              <h2 id="started-title">{t('Jobs started here')}</h2>
              <ul className="job-list" aria-label={t('Jobs started here')}>
                {started.map((job) => (
                  <VideoJobRow key={job.id} job={job} />
                ))}
              </ul>
            </section>
          ) : null}
        </form>
        <ClipPicker
          chosen={clipIds}
          onAdd={(file) => {
            remember(file);
            setClipIds((ids) => appendUnique(ids, [file.id]));
          }}
        />
      </div>
    </section>
  );
}
