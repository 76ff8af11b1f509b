import { t } from '../i18n/index.ts';
import type { Download, DownloadProgress, JobError, JobStatus, VideoJob } from '../api/types.ts';

/** A download as shown live: the API's fields plus a measured transfer speed. */
export interface LiveDownload extends Download {
  speedBps?: number | undefined;
  /** When progress was last received (ms), to measure speed when the event carries none. */
  sampledAt?: number | undefined;
}

export interface QueueState {
  downloads: LiveDownload[];
  videoJobs: VideoJob[];
}

export type QueueAction =
  | { type: 'downloads/replace'; items: Download[] }
  | { type: 'videoJobs/replace'; items: VideoJob[] }
  | { type: 'download/upsert'; item: Download }
  | { type: 'videoJob/upsert'; item: VideoJob }
  | { type: 'event'; name: string; data: unknown; at: number };

export const initialQueueState: QueueState = { downloads: [], videoJobs: [] };

const FINAL: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'canceled']);

export function isFinal(status: JobStatus): boolean {
  return FINAL.has(status);
}

/** Events after which the UI reloads lists from the hub (the event may not carry every field). */
export function shouldRefetchAfter(eventName: string): boolean {
  return /\.(completed|failed|canceled)$/.test(eventName) || eventName === 'subscription.run';
}

/** True when a progress event names an item the UI does not hold yet (e.g. a scheduled run). */
export function isUnknownItem(state: QueueState, eventName: string, data: unknown): boolean {
  const id = eventId(data);
  if (id === null) return false;
  if (eventName.startsWith('download.')) return !state.downloads.some((d) => d.id === id);
  if (eventName.startsWith('video.')) return !state.videoJobs.some((j) => j.id === id);
  return false;
}

export function queueReducer(state: QueueState, action: QueueAction): QueueState {
  switch (action.type) {
    case 'downloads/replace': {
      const previous = new Map(state.downloads.map((d) => [d.id, d]));
      const downloads = action.items.map((item) => {
        const old = previous.get(item.id);
        return old && !isFinal(item.status) ? { ...item, speedBps: old.speedBps, sampledAt: old.sampledAt } : item;
      });
      return { ...state, downloads };
    }
    case 'videoJobs/replace':
      return { ...state, videoJobs: action.items };
    case 'download/upsert':
      return { ...state, downloads: upsert(state.downloads, action.item) };
    case 'videoJob/upsert':
      return { ...state, videoJobs: upsert(state.videoJobs, action.item) };
    case 'event':
      return applyEvent(state, action.name, action.data, action.at);
  }
}

function upsert<T extends { id: string }>(list: T[], item: T): T[] {
  const index = list.findIndex((existing) => existing.id === item.id);
  if (index === -1) return [item, ...list];
  const next = [...list];
  next[index] = { ...list[index], ...item };
  return next;
}

function applyEvent(state: QueueState, name: string, data: unknown, at: number): QueueState {
  const id = eventId(data);
  if (id === null || !isRecord(data)) return state;
  switch (name) {
    case 'download.progress':
      return updateDownload(state, id, (d) => downloadProgressed(d, data, at));
    case 'download.completed':
      return updateDownload(state, id, (d) => ({
        ...d,
        status: 'completed',
        progress: readProgress(data['progress']) ?? completeProgress(d.progress),
        fileIds: readStringArray(data['fileIds']) ?? d.fileIds,
        finishedAt: readString(data['finishedAt']) ?? new Date(at).toISOString(),
        speedBps: undefined,
        error: null,
      }));
    case 'download.failed':
      return updateDownload(state, id, (d) => ({
        ...d,
        status: 'failed',
        error: toJobError(data['error']),
        speedBps: undefined,
      }));
    case 'download.canceled':
      return updateDownload(state, id, (d) => ({ ...d, status: 'canceled', speedBps: undefined }));
    case 'video.progress':
      return updateVideoJob(state, id, (j) => ({
        ...j,
        status: isFinal(j.status) ? j.status : 'running',
        progress: readFraction(data['progress']) ?? j.progress,
      }));
    case 'video.completed':
      return updateVideoJob(state, id, (j) => ({
        ...j,
        status: 'completed',
        progress: 1,
        outputFileIds: readStringArray(data['outputFileIds']) ?? j.outputFileIds,
        result: data['result'] ?? j.result,
        error: null,
      }));
    case 'video.failed':
      return updateVideoJob(state, id, (j) => ({ ...j, status: 'failed', error: toJobError(data['error']) }));
    case 'video.canceled':
      return updateVideoJob(state, id, (j) => ({ ...j, status: 'canceled' }));
    default:
      return state;
  }
}

function downloadProgressed(d: LiveDownload, data: Record<string, unknown>, at: number): LiveDownload {
  if (isFinal(d.status)) return d;
  const progress = readProgress(data['progress']) ?? d.progress;
  const reported = typeof data['speedBps'] === 'number' ? data['speedBps'] : undefined;
  const waiting = data['waitingUntil'];
  return {
    ...d,
    status: 'running',
    progress,
    ...(waiting === null || typeof waiting === 'string' ? { waitingUntil: waiting } : {}),
    speedBps: reported ?? measuredSpeed(d, progress, at) ?? d.speedBps,
    sampledAt: at,
  };
}

function measuredSpeed(d: LiveDownload, progress: DownloadProgress, at: number): number | undefined {
  if (d.sampledAt === undefined || !d.progress) return undefined;
  const seconds = (at - d.sampledAt) / 1000;
  const bytes = progress.bytesDone - d.progress.bytesDone;
  return seconds > 0 && bytes >= 0 ? bytes / seconds : undefined;
}

function completeProgress(progress: DownloadProgress | undefined): DownloadProgress {
  const p = progress ?? { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  return {
    filesDone: Math.max(p.filesDone, p.filesTotal),
    filesTotal: Math.max(p.filesDone, p.filesTotal),
    bytesDone: Math.max(p.bytesDone, p.bytesTotal),
    bytesTotal: Math.max(p.bytesDone, p.bytesTotal),
  };
}

function updateDownload(state: QueueState, id: string, change: (d: LiveDownload) => LiveDownload): QueueState {
  if (!state.downloads.some((d) => d.id === id)) return state;
  return { ...state, downloads: state.downloads.map((d) => (d.id === id ? change(d) : d)) };
}

function updateVideoJob(state: QueueState, id: string, change: (j: VideoJob) => VideoJob): QueueState {
  if (!state.videoJobs.some((j) => j.id === id)) return state;
  return { ...state, videoJobs: state.videoJobs.map((j) => (j.id === id ? change(j) : j)) };
}

export function toJobError(value: unknown): JobError {
  if (typeof value === 'string' && value.trim()) return { code: 'FAILED', message: value };
  if (isRecord(value) && typeof value['message'] === 'string') {
    const error: JobError = { code: readString(value['code']) ?? 'FAILED', message: value['message'] };
    if (typeof value['retryable'] === 'boolean') error.retryable = value['retryable'];
    return error;
  }
  return { code: 'FAILED', message: t('The job failed without giving a reason.') };
}

function eventId(data: unknown): string | null {
  if (!isRecord(data)) return null;
  const id = data['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

function readProgress(value: unknown): DownloadProgress | undefined {
  if (!isRecord(value)) return undefined;
  const num = (key: string) => (typeof value[key] === 'number' ? (value[key] as number) : 0);
  return {
    filesDone: num('filesDone'),
    filesTotal: num('filesTotal'),
    bytesDone: num('bytesDone'),
    bytesTotal: num('bytesTotal'),
  };
}

/** Video progress is 0..1; tolerate a percentage (0..100) too. */
function readFraction(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return value > 1 ? Math.min(value / 100, 1) : Math.max(value, 0);
}

function readStringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined;
}

function readString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
