/** What a finished run means for its subscription: failure streaks, flags, session pauses. Pure. */

/** Download error codes that no retry fixes until the user renews the Instagram session. */
export const SESSION_ERROR_CODES: ReadonlySet<string> = new Set([
  'LOGIN_REQUIRED',
  'SESSION_INVALID',
  'CHECKPOINT_REQUIRED',
  'CHALLENGE_REQUIRED',
]);

export function isSessionProblem(code: string | null | undefined): boolean {
  return code !== null && code !== undefined && SESSION_ERROR_CODES.has(code);
}

export interface FailureVerdict {
  consecutiveFailures: number;
  /** Set when the streak reaches the threshold (kept while it continues). */
  flaggedReason: string | null;
  /** Set when the failure needs the user (session expired, checkpoint …). */
  pausedReason: string | null;
}

export function judgeFailure(input: {
  previousFailures: number;
  flagAfter: number;
  error: { code: string; message: string };
  existingFlag: string | null;
}): FailureVerdict {
  const consecutiveFailures = input.previousFailures + 1;
  const reachedThreshold = consecutiveFailures >= input.flagAfter;
  return {
    consecutiveFailures,
    flaggedReason: reachedThreshold
      ? `${consecutiveFailures} runs in a row failed; last error ${input.error.code}: ${input.error.message}`
      : input.existingFlag,
    pausedReason: isSessionProblem(input.error.code)
      ? sessionPauseReason(input.error.code, input.error.message)
      : input.error.code === 'NOT_FOUND'
        ? `Paused: Instagram has no such profile (${input.error.message}). Check the username; delete this subscription or resume it once the profile exists.`
        : null,
  };
}

export function sessionPauseReason(code: string, message: string): string {
  return `Paused: the download needs a valid Instagram session (${code}: ${message}). Add or renew the session, then edit or resume this subscription.`;
}

export function expiredSessionReason(sessionId: string, reason: string): string {
  return `Paused: Instagram session ${sessionId} expired (${reason}). Renew the session, then edit or resume this subscription.`;
}

/** How a run ended: the files its download reported (new or already archived), or the error. */
export type RunOutcome =
  | { status: 'completed'; fileIds: string[] }
  | { status: 'failed'; error: { code: string; message: string } };

/** What a download's state means for the run that asked for it; null while it is still going. */
export function outcomeOfDownload(download: {
  status: string;
  fileIds: string[];
  error?: { code: string; message: string } | null;
}): RunOutcome | null {
  switch (download.status) {
    case 'completed':
      return { status: 'completed', fileIds: download.fileIds };
    case 'failed':
      return {
        status: 'failed',
        error: download.error
          ? { code: download.error.code, message: download.error.message }
          : { code: 'DOWNLOAD_FAILED', message: 'the download failed without saying why' },
      };
    case 'canceled':
      return { status: 'failed', error: { code: 'CANCELED', message: 'the download was canceled' } };
    default:
      return null;
  }
}
