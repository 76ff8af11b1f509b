import { msg, t } from '../i18n/index.ts';
import type { ReactNode } from 'react';
import type { JobStatus } from '../api/types.ts';

/** An error sentence, announced at once. Renders nothing without a message. */
export function ErrorMessage({ message, testId }: { message: string | null | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <p className="message message-error" role="alert" data-testid={testId ?? 'error-message'}>
      {message}
    </p>
  );
}

/** A polite status line (saved, copied, queued…). */
export function StatusMessage({ message, testId }: { message: string | null | undefined; testId?: string }) {
  return (
    <p className="message message-status" role="status" aria-live="polite" data-testid={testId}>
      {message ?? ''}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('Loading…')}
    </p>
  );
}

interface ProgressBarProps {
  /** 0..100, or null when unknown (indeterminate). */
  value: number | null;
  label: string;
  /** Human text read instead of the bare number, e.g. "3 of 10 files". */
  valueText?: string;
}

export function ProgressBar({ value, label, valueText }: ProgressBarProps) {
  return (
    <div
      className={`progress${value === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={{ width: value === null ? undefined : `${value}%` }} />
    </div>
  );
}

const STATUS_LABEL: Record<JobStatus, string> = {
  queued: msg('Queued'),
  running: msg('Running'),
  completed: msg('Done'),
  failed: msg('Failed'),
  canceled: msg('Canceled'),
};

const SESSION_STATUS_LABEL: Record<string, string> = {
  active: msg('active'),
  expired: msg('expired'),
  unverified: msg('unverified'),
};

/** An Instagram session's status in words ("active", "expired"…); an unknown status shows as sent. */
export function sessionStatusLabel(status: string): string {
  const label = SESSION_STATUS_LABEL[status];
  return label ? t(label) : status;
}

export function StatusBadge({ status }: { status: JobStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="job-status" data-status={status}>
      {STATUS_LABEL[status] ? t(STATUS_LABEL[status]) : status}
    </span>
  );
}
