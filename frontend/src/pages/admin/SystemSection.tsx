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
