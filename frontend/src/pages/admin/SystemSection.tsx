import type { HealthReport, SystemReport } from '../../api/types.ts';
import { ErrorMessage, Loading } from '../../components/feedback.tsx';
import { useApi } from '../../hub.tsx';
import { useLoad } from '../../lib/useAsync.ts';

/** A service's health as a word: the report may hold a string or an object with `status`. */
export function serviceState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'string')
    return value.status;
  return 'unknown';
}

const HEALTHY = /^(ok|up|healthy|ready|pass)$/i;

export interface YtdlpState {
  version?: string;
  released?: string | null;
  ageDays?: number | null;
  outdated?: boolean;
  error?: string;
}

/** yt-dlp as download-service's /ready reports it (inside /api/system), if it does. */
export function ytdlpState(services: Record<string, unknown>): YtdlpState | undefined {
  const download = services['download-service'];
  if (typeof download !== 'object' || download === null || !('ytdlp' in download)) return undefined;
  const value = download.ytdlp;
  return typeof value === 'object' && value !== null ? (value as YtdlpState) : undefined;
}

/** yt-dlp's version, with a warning when it is old (sites change often) or missing. */
function YtdlpLine({ state }: { state: YtdlpState }) {
  if (state.error || !state.version)
    return (
      <p className="tool-warning" data-testid="ytdlp-status" role="status">
        yt-dlp: {state.error ?? 'unknown'} — pages of other sites cannot be downloaded.
      </p>
    );
  const age = state.ageDays === null || state.ageDays === undefined ? '' : `, ${state.ageDays} days old`;
  return (
    <p
      className={state.outdated ? 'tool-warning' : undefined}
      data-testid="ytdlp-status"
      data-outdated={state.outdated ? 'true' : 'false'}
    >
      yt-dlp {state.version}
      {state.released ? ` (released ${state.released}${age})` : ''}
      {state.outdated ? ' — outdated: sites change often, update it (see the operations guide).' : ''}
    </p>
  );
}

/** Service health and queue depths. */
export function SystemSection() {
  const api = useApi();
  const report = useLoad(async () => {
    const [health, system] = await Promise.all([api.system.health(), api.system.details()]);
    return { health, system } satisfies { health: HealthReport; system: SystemReport };
  }, [api]);
  const services = { ...(report.data?.health.services ?? {}), ...(report.data?.system.services ?? {}) };
  const queues = Object.entries(report.data?.system.queues ?? {});
  const ytdlp = ytdlpState(report.data?.system.services ?? {});
  return (
    <section className="card" aria-labelledby="system-title" aria-busy={report.loading}>
      <div className="page-head">
        <h2 id="system-title">System</h2>
        <button type="button" className="button button-small" onClick={report.reload}>
          Refresh
        </button>
      </div>
      {report.loading && !report.data ? <Loading /> : null}
      <ErrorMessage message={report.error} />
      {report.data ? (
        <>
          <p>
            Overall: <strong data-testid="system-status">{report.data.health.status}</strong>
          </p>
          <h3>Services</h3>
          <ul className="service-list" aria-label="Services">
            {Object.entries(services).map(([name, value]) => {
              const state = serviceState(value);
              return (
                <li key={name} className="service" data-testid="service-health" data-service={name}>
                  <span className={`dot ${HEALTHY.test(state) ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
                  <span>{name}</span>
                  <span className="muted">{state}</span>
                </li>
              );
            })}
          </ul>
          {ytdlp ? <YtdlpLine state={ytdlp} /> : null}
          <h3>Queues</h3>
          {queues.length === 0 ? (
            <p className="muted">No queue figures reported.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Queue depths</caption>
                <thead>
                  <tr>
                    <th scope="col">Queue</th>
                    <th scope="col">Waiting</th>
                    <th scope="col">Active</th>
                    <th scope="col">Delayed</th>
                    <th scope="col">Failed</th>
                    <th scope="col">Completed</th>
                  </tr>
                </thead>
                <tbody>
                  {queues.map(([name, depth]) => (
                    <tr key={name} data-testid="queue-depth">
                      <th scope="row">{name}</th>
                      <td>{depth.waiting}</td>
                      <td>{depth.active}</td>
                      <td>{depth.delayed}</td>
                      <td>{depth.failed}</td>
                      <td>{depth.completed}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}
