import { msg, t } from '../../i18n/index.ts';
import { useTranslation } from 'react-i18next';
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

/** Health words the gateway reports, in the reader's language; an unknown word shows as sent. */
const STATE_LABEL: Record<string, string> = {
  ok: msg('ok'),
  degraded: msg('degraded'),
  unavailable: msg('unavailable'),
  unreachable: msg('unreachable'),
  unknown: msg('unknown'),
};
export function stateLabel(state: string): string {
  const label = STATE_LABEL[state];
  return label ? t(label) : state;
}

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
        {t('yt-dlp: {{problem}}. Pages of other sites cannot be downloaded.', { problem: state.error ?? t('unknown') })}
      </p>
    );
  return (
    <p
      className={state.outdated ? 'tool-warning' : undefined}
      data-testid="ytdlp-status"
      data-outdated={state.outdated ? 'true' : 'false'}
    >
      {t('yt-dlp {{version}}', { version: state.version })}
      {state.released
        ? ` ${
            state.ageDays === null || state.ageDays === undefined
              ? t('(released {{date}})', { date: state.released })
              : t('(released {{date}}, {{count}} days old)', { date: state.released, count: state.ageDays })
          }`
        : ''}
      {state.outdated ? ` ${t('Outdated: sites change often, update it (see the operations guide).')}` : ''}
    </p>
  );
}

/** Service health and queue depths. */
export function SystemSection() {
  const { t } = useTranslation();
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
        <h2 id="system-title">{t('System')}</h2>
        <button type="button" className="button button-small" onClick={report.reload}>
          {t('Refresh')}
        </button>
      </div>
      {report.loading && !report.data ? <Loading /> : null}
      <ErrorMessage message={report.error} />
      {report.data ? (
        <>
          <p>
            {t('Overall:')} <strong data-testid="system-status">{stateLabel(report.data.health.status)}</strong>
          </p>
          <h3>{t('Services')}</h3>
          <ul className="service-list" aria-label={t('Services')}>
            {Object.entries(services).map(([name, value]) => {
              const state = serviceState(value);
              return (
                <li key={name} className="service" data-testid="service-health" data-service={name}>
                  <span className={`dot ${HEALTHY.test(state) ? 'dot-ok' : 'dot-bad'}`} aria-hidden="true" />
                  <span>{name}</span>
                  <span className="muted">{stateLabel(state)}</span>
                </li>
              );
            })}
          </ul>
          {ytdlp ? <YtdlpLine state={ytdlp} /> : null}
          <h3>{t('Queues')}</h3>
          {queues.length === 0 ? (
            <p className="muted">{t('No queue figures reported.')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t('Queue depths')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('Queue')}</th>
                    <th scope="col">{t('Waiting')}</th>
                    <th scope="col">{t('Active')}</th>
                    <th scope="col">{t('Delayed')}</th>
                    <th scope="col">{t('Failed')}</th>
                    <th scope="col">{t('Completed')}</th>
                  </tr>
                </thead>
                <tbody>
                  {queues.map(([name, depth]) => (
                    <tr key={name} data-testid="queue-depth">
                      <th scope="row">{name}</th>
                      <td>{depth.waiting ?? 0}</td>
                      <td>{depth.active ?? 0}</td>
                      <td>{depth.delayed ?? 0}</td>
                      <td>{depth.failed ?? 0}</td>
                      <td>{depth.completed ?? 0}</td>
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
