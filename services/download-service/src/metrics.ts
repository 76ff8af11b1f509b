/** download-service's Prometheus series (names listed in docs/deployment.md). */
import type { Metrics } from '@smh/shared';

export function downloadMetrics(metrics: Metrics) {
  const { client, registry } = metrics;
  return {
    bytes: new client.Counter({
      name: 'smh_download_bytes_total',
      help: 'Bytes received by download transfers',
      registers: [registry],
    }),
    files: new client.Counter({
      name: 'smh_download_files_total',
      help: 'Files stored by downloads, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    downloads: new client.Counter({
      name: 'smh_downloads_total',
      help: 'Downloads finished, by final status',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    instagramRequests: new client.Counter({
      name: 'smh_instagram_requests_total',
      help: 'Requests sent to Instagram, by endpoint family and HTTP status',
      labelNames: ['family', 'status'] as const,
      registers: [registry],
    }),
  };
}
export type DownloadMetrics = ReturnType<typeof downloadMetrics>;
