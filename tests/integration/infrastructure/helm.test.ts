// The Helm chart, rendered offline (no helm binary exists here): valid objects, the same workload shape as the
// plain kustomize manifests, and values that switch objects on and off.
import { execFileSync } from 'node:child_process';
import { describe as group, expect, it } from 'vitest';
import { renderChart } from './support/helm.js';
import {
  deploymentProblems,
  describeObject,
  parseManifests,
  schemaProblems,
  serviceProblems,
  type K8sObject,
} from './support/kubernetes.js';
import { hasKubectl, KUBECTL_INSTALL, needTool, SERVICES, SERVICE_URL_ENV, repoPath } from './support/seed.js';

const CHART = repoPath('infrastructure/helm/social-media-hub');
const chart = renderChart(CHART);
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);

const plain: K8sObject[] = hasKubectl
  ? parseManifests(
      execFileSync('kubectl', ['kustomize', repoPath('infrastructure/kubernetes')], { encoding: 'utf8' }),
      'kustomize',
    )
  : [];

/** The parts of a workload that must not differ between the chart and the plain manifests. */
function shape(d: K8sObject) {
  const c = d.spec.template.spec.containers[0];
  return {
    name: d.metadata?.name,
    selector: d.spec.selector,
    ports: c.ports,
    liveness: c.livenessProbe,
    readiness: c.readinessProbe,
    startup: c.startupProbe,
    resources: c.resources,
    env: c.env,
    envFrom: c.envFrom,
    volumes: d.spec.template.spec.volumes,
    mounts: c.volumeMounts,
    securityContext: [d.spec.template.spec.securityContext, c.securityContext],
    annotations: d.spec.template.metadata.annotations,
    grace: d.spec.template.spec.terminationGracePeriodSeconds,
  };
}

group('helm chart rendered with default values', () => {
  it('renders only objects that pass the kubernetes-models schemas', () => {
    expect(chart.objects.length).toBeGreaterThan(15);
    expect(chart.objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('renders a Deployment and a Service per service that follow the workload rules', () => {
    const deployments = ofKind(chart.objects, 'Deployment');
    expect(deployments.map((d) => d.metadata?.name).sort()).toEqual(SERVICES.map((s) => s.name).sort());
    expect(deployments.flatMap(deploymentProblems)).toEqual([]);
    expect(ofKind(chart.objects, 'Service').flatMap((s) => serviceProblems(s, deployments))).toEqual([]);
  });

  it('leaves replicas to the HPA for autoscaled services', () => {
    const autoscaled = ofKind(chart.objects, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name);
    expect(autoscaled.sort()).toEqual(['download-service', 'video-service']);
    for (const d of ofKind(chart.objects, 'Deployment')) {
      expect(d.spec.replicas === undefined, describeObject(d)).toBe(autoscaled.includes(d.metadata!.name!));
    }
  });

  it('wires every service URL into smh-config', () => {
    const config = ofKind(chart.objects, 'ConfigMap').find((c) => c.metadata?.name === 'smh-config');
    expect(config?.data).toMatchObject(SERVICE_URL_ENV);
  });

  it('produces the same kinds, names, ports, probes and config as the kustomize manifests', (context) => {
    needTool(context, hasKubectl, 'kubectl', KUBECTL_INSTALL);
    const key = (o: K8sObject) => describeObject(o);
    const appKinds = [
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PersistentVolumeClaim',
      'Ingress',
      'ConfigMap',
      'PodDisruptionBudget',
    ];
    const appNames = new Set(chart.objects.map(key));
    const plainApp = plain.filter(
      (o) =>
        appKinds.includes(o.kind!) && !['prometheus', 'grafana', 'jaeger'].some((m) => o.metadata?.name?.startsWith(m)),
    );
    expect([...appNames].sort()).toEqual(plainApp.map(key).sort());
    for (const d of ofKind(chart.objects, 'Deployment')) {
      const twin = plain.find((p) => key(p) === key(d))!;
      expect(shape(d)).toEqual(shape(twin));
    }
    for (const kind of ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
      for (const o of ofKind(chart.objects, kind))
        expect(o.spec, key(o)).toEqual(plain.find((p) => key(p) === key(o))!.spec);
    }
    for (const o of ofKind(chart.objects, 'Ingress')) {
      const twin = plain.find((p) => key(p) === key(o))!;
      expect(o.spec.rules, key(o)).toEqual(twin.spec.rules);
      expect(o.metadata?.annotations, key(o)).toEqual(twin.metadata?.annotations);
    }
    const data = (list: K8sObject[]) =>
      list.find((c) => c.kind === 'ConfigMap' && c.metadata?.name === 'smh-config')!.data;
    expect(data(chart.objects)).toEqual(data(plain));
  });
});

group('helm chart values', () => {
  it('creates the Secret only when asked, and then requires every value', () => {
    expect(ofKind(chart.objects, 'Secret')).toEqual([]);
    expect(() => renderChart(CHART, { values: { secrets: { create: true } } })).toThrow(
      /secrets\.values\.SMH_SECRET_KEY is required/,
    );
    const values = { SMH_SECRET_KEY: 'k', DATABASE_URL: 'postgres://u@h/d', REDIS_URL: 'redis://h:6379' };
    const withSecret = renderChart(CHART, { values: { secrets: { create: true, existingSecret: 'mine', values } } });
    const secret = ofKind(withSecret.objects, 'Secret')[0]!;
    expect(secret.metadata?.name).toBe('mine');
    expect(secret.stringData).toEqual(values);
    for (const d of ofKind(withSecret.objects, 'Deployment')) {
      expect(d.spec.template.spec.containers[0].envFrom[1]).toEqual({ secretRef: { name: 'mine' } });
    }
  });

  it('uses an existing media claim instead of creating one', () => {
    const rendered = renderChart(CHART, { values: { media: { existingClaim: 'nfs-media' } } });
    expect(ofKind(rendered.objects, 'PersistentVolumeClaim')).toEqual([]);
    const claims = ofKind(rendered.objects, 'Deployment').flatMap((d) =>
      d.spec.template.spec.volumes.flatMap(
        (v: { persistentVolumeClaim?: { claimName: string } }) => v.persistentVolumeClaim?.claimName ?? [],
      ),
    );
    expect(claims).toEqual(['nfs-media', 'nfs-media', 'nfs-media']);
  });

  it('sets image tags, storage class and ingress host from values, and can drop the ingress', () => {
    const rendered = renderChart(CHART, {
      values: { image: { tag: '1.2.3' }, media: { storageClassName: 'efs' }, ingress: { host: 'media.example.org' } },
    });
    for (const d of ofKind(rendered.objects, 'Deployment')) {
      expect(d.spec.template.spec.containers[0].image).toBe(`ghcr.io/social-media-hub/${d.metadata!.name}:1.2.3`);
    }
    expect(ofKind(rendered.objects, 'PersistentVolumeClaim')[0]!.spec.storageClassName).toBe('efs');
    expect(ofKind(rendered.objects, 'Ingress').map((i) => i.spec.rules[0].host)).toEqual([
      'media.example.org',
      'media.example.org',
    ]);
    expect(ofKind(renderChart(CHART, { values: { ingress: { enabled: false } } }).objects, 'Ingress')).toEqual([]);
  });

  it('defaults image tags to the chart appVersion', () => {
    const image = ofKind(chart.objects, 'Deployment')[0]!.spec.template.spec.containers[0].image as string;
    expect(image).toMatch(/:0\.1\.0$/);
  });
});
