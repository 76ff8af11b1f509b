// The optional pieces of the learning path, rendered by the real kubectl/helm and validated offline: the log
// stack (infrastructure/logging), VerticalPodAutoscalers (infrastructure/components/vpa), the Istio overlay
// (infrastructure/overlays/istio) and the chart's vpa/istio values. The shipper itself runs on real log lines in
// tests/integration/logging/log-shipper.test.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe as group, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, helmTemplate, kustomize } from './support/kube-tools.js';
import { createComposeValidator, readCompose } from './support/compose.js';
import { objectLabel as describeObject, schemaProblems, type K8sObject } from './support/kubernetes.js';
import { SERVICES, repoPath } from './support/seed.js';

const require = createRequire(import.meta.url);
const HUB_SERVICES = SERVICES.map((service) => service.name);
const CHART = CHART_DIR;

/** kubernetes-models for the core kinds; the Istio and VPA models for their custom resources. */
function problems(object: K8sObject): string[] {
  const custom: Record<string, string> = {
    'networking.istio.io/v1beta1': '@kubernetes-models/istio/networking.istio.io/v1beta1',
    'security.istio.io/v1beta1': '@kubernetes-models/istio/security.istio.io/v1beta1',
    'autoscaling.k8s.io/v1': '@kubernetes-models/autoscaler/autoscaling.k8s.io/v1',
  };
  const module = object.apiVersion ? custom[object.apiVersion] : undefined;
  if (!module) return schemaProblems(object);
  const Model = (require(module) as Record<string, new (data: unknown) => { validate(): void }>)[object.kind ?? ''];
  if (!Model) return [`${describeObject(object)}: no model for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${describeObject(object)}: ${(error as Error).message}`];
  }
}

const render = (dir: string) => kustomize(repoPath(dir));
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) =>
  ofKind(objects, kind).find((object) => object.metadata?.name === name);

group('log stack for Kubernetes (infrastructure/logging)', () => {
  const objects = render('infrastructure/logging');

  it('renders valid objects in a namespace of its own', () => {
    expect(objects.flatMap(problems)).toEqual([]);
    for (const object of objects.filter((o) => o.kind !== 'Namespace'))
      expect(object.metadata?.namespace, describeObject(object)).toBe('smh-logging');
    expect(named(objects, 'Namespace', 'smh-logging')?.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe(
      'privileged',
    );
  });

  it('ships the same rsyslog pipeline the shipper test runs, reading the hub namespace from the node', () => {
    const config = ofKind(objects, 'ConfigMap').find((map) => map.metadata?.name?.startsWith('smh-log-shipper'));
    const data = config?.data as Record<string, string>;
    for (const file of ['ship.conf', 'kubernetes.conf'])
      expect(data[file]).toBe(readFileSync(repoPath(`infrastructure/logging/rsyslog/${file}`), 'utf8'));
    const daemonSet = named(objects, 'DaemonSet', 'log-shipper');
    const container = daemonSet?.spec.template.spec.containers[0];
    expect(container.args).toContain('/etc/rsyslog.d/smh/kubernetes.conf');
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env.SMH_LOGS_FILES).toBe('/var/log/containers/*_social-media-hub_*.log');
    expect(env.SMH_LOGS_ES_HOST).toMatch(/^opensearch\./);
    const varlog = container.volumeMounts.find((mount: { name: string }) => mount.name === 'varlog');
    expect(varlog).toMatchObject({ mountPath: '/var/log', readOnly: true });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it('keeps service, requestId, userId and downloadId as exact-match fields, with saved searches on them', () => {
    const template = JSON.parse(
      readFileSync(repoPath('infrastructure/logging/opensearch/index-template.json'), 'utf8'),
    );
    expect(template.index_patterns).toEqual(['smh-logs-*']);
    for (const field of ['service', 'requestId', 'userId', 'downloadId', 'level'])
      expect(template.template.mappings.properties[field], field).toEqual({ type: 'keyword' });
    expect(template.template.mappings.properties.time).toEqual({ type: 'date' });

    const savedObjects = readFileSync(repoPath('infrastructure/logging/opensearch/saved-objects.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const pattern = savedObjects.find((object) => object.type === 'index-pattern');
    expect(pattern.attributes.title).toBe('smh-logs-*');
    const oneRequest = savedObjects.find((object) => object.id === 'smh-one-request');
    const search = JSON.parse(oneRequest.attributes.kibanaSavedObjectMeta.searchSourceJSON);
    expect(search.query.query).toMatch(/^requestId:/);
    expect(oneRequest.attributes.columns).toEqual(expect.arrayContaining(['service', 'msg']));
    expect(oneRequest.references[0].id).toBe(pattern.id);
  });
});

group('log stack for compose (infrastructure/logging/docker-compose.logging.yml)', () => {
  const overlay = readCompose(repoPath('infrastructure/logging/docker-compose.logging.yml'));
  const base = readCompose(repoPath('docker-compose.yml'));

  it('is a valid compose file', () => {
    expect(createComposeValidator()(overlay)).toEqual([]);
  });

  it('sends every hub service of docker-compose.yml through the syslog driver to the shipper', () => {
    for (const name of HUB_SERVICES) {
      expect(base.services[name], name).toBeDefined();
      expect(overlay.services[name]?.logging, name).toEqual({
        driver: 'syslog',
        options: { 'syslog-address': 'tcp://127.0.0.1:5514', 'syslog-format': 'rfc5424', tag: 'smh/{{.Name}}' },
      });
      expect(overlay.services[name].depends_on).toHaveProperty('log-shipper');
    }
    expect(overlay.services['log-shipper'].build.context).toBe('infrastructure/logging/rsyslog');
    expect(overlay.services['log-shipper'].ports).toEqual(['127.0.0.1:5514:5514']);
  });
});

/** A VPA may never size the resource an HPA of the same Deployment scales on. */
function vpaHpaConflicts(objects: K8sObject[]): string[] {
  return ofKind(objects, 'HorizontalPodAutoscaler').flatMap((hpa) => {
    const vpa = ofKind(objects, 'VerticalPodAutoscaler').find(
      (v) => v.spec.targetRef.name === hpa.spec.scaleTargetRef.name,
    );
    const controlled: string[] = vpa?.spec.resourcePolicy.containerPolicies[0].controlledResources ?? [];
    return (hpa.spec.metrics ?? [])
      .filter((metric: { type: string }) => metric.type === 'Resource')
      .map((metric: { resource: { name: string } }) => metric.resource.name)
      .filter((resource: string) => controlled.includes(resource))
      .map((resource: string) => `${describeObject(hpa)} scales on ${resource}, which its VPA also sizes`);
  });
}

group('VerticalPodAutoscalers (infrastructure/overlays/learning-path)', () => {
  const objects = render('infrastructure/overlays/learning-path');
  const deployments = ofKind(objects, 'Deployment').filter((d) => HUB_SERVICES.includes(d.metadata?.name ?? ''));

  it('render valid, one per hub Deployment, in recommendation mode', () => {
    expect(objects.flatMap(problems)).toEqual([]);
    const vpas = ofKind(objects, 'VerticalPodAutoscaler');
    expect(vpas.map((vpa) => vpa.spec.targetRef.name).sort()).toEqual(deployments.map((d) => d.metadata?.name).sort());
    for (const vpa of vpas) {
      expect(vpa.metadata?.namespace).toBe('social-media-hub');
      expect(vpa.spec.updatePolicy.updateMode).toBe('Off');
      const containers = named(objects, 'Deployment', vpa.spec.targetRef.name)?.spec.template.spec.containers;
      expect(containers.map((c: { name: string }) => c.name)).toContain(
        vpa.spec.resourcePolicy.containerPolicies[0].containerName,
      );
    }
  });

  it('never lets a VPA size the resource an HPA scales on', () => {
    expect(ofKind(objects, 'HorizontalPodAutoscaler').length).toBeGreaterThan(0);
    expect(vpaHpaConflicts(objects)).toEqual([]);
  });
});

group('Istio overlay (infrastructure/overlays/istio)', () => {
  const objects = render('infrastructure/overlays/istio');

  it('renders valid objects: injection on, mutual TLS strict, no ingress-nginx objects', () => {
    expect(objects.flatMap(problems)).toEqual([]);
    expect(named(objects, 'Namespace', 'social-media-hub')?.metadata?.labels?.['istio-injection']).toBe('enabled');
    expect(ofKind(objects, 'PeerAuthentication').map((p) => p.spec.mtls.mode)).toEqual(['STRICT']);
    expect(ofKind(objects, 'Ingress')).toEqual([]);
  });

  it('gives every hub Service a DestinationRule with outlier detection and a VirtualService', () => {
    for (const name of HUB_SERVICES) {
      expect(named(objects, 'Service', name), name).toBeDefined();
      expect(named(objects, 'DestinationRule', name)?.spec.trafficPolicy.outlierDetection, name).toBeDefined();
      const route = named(objects, 'VirtualService', name)?.spec.http[0];
      const port = named(objects, 'Service', name)?.spec.ports[0].port;
      expect(route.route[0].destination, name).toEqual({ host: name, port: { number: port } });
    }
  });

  it('retries only requests that never reached a pod, and never times out before the app does', () => {
    const gatewayProxyTimeoutSeconds = 120; // services/api-gateway/src/proxy.ts headersTimeout
    for (const name of HUB_SERVICES) {
      const route = named(objects, 'VirtualService', name)?.spec.http[0];
      for (const condition of route.retries.retryOn.split(','))
        expect(['connect-failure', 'refused-stream'], name).toContain(condition);
      const seconds = Number.parseInt(route.timeout, 10);
      expect(seconds === 0 || seconds >= gatewayProxyTimeoutSeconds, `${name} timeout ${route.timeout}`).toBe(true);
    }
    const publicRoutes = named(objects, 'VirtualService', 'smh-public')?.spec.http;
    const streams = publicRoutes.find((route: { name: string }) => route.name === 'streams');
    expect(streams.timeout).toBe('0s');
    expect(streams.match.map((m: { uri: { prefix: string } }) => m.uri.prefix)).toEqual(['/api/events', '/api/files']);
    expect(named(objects, 'Gateway', 'smh-gateway')?.spec.servers[0].tls.mode).toBe('SIMPLE');
  });
});

group('Helm chart: vpa and istio values', () => {
  const render = (values: Record<string, unknown>) => helmTemplate(values);

  it('renders neither by default', () => {
    const objects = render({});
    for (const kind of ['VerticalPodAutoscaler', 'PeerAuthentication', 'VirtualService', 'DestinationRule'])
      expect(ofKind(objects, kind), kind).toEqual([]);
  });

  it('renders valid VPAs and mesh objects, with sidecar injection, when enabled', () => {
    const objects = render({ vpa: { enabled: true }, istio: { enabled: true }, ingress: { enabled: false } });
    expect(objects.flatMap(problems)).toEqual([]);
    expect(ofKind(objects, 'VerticalPodAutoscaler')).toHaveLength(HUB_SERVICES.length);
    expect(ofKind(objects, 'DestinationRule')).toHaveLength(HUB_SERVICES.length);
    expect(ofKind(objects, 'VirtualService')).toHaveLength(HUB_SERVICES.length + 1);
    for (const deployment of ofKind(objects, 'Deployment'))
      expect(deployment.spec.template.metadata.labels['sidecar.istio.io/inject'], describeObject(deployment)).toBe(
        'true',
      );
    expect(vpaHpaConflicts(objects)).toEqual([]);
    const values = parse(readFileSync(`${CHART}/values.yaml`, 'utf8'));
    expect(values.vpa.updateMode).toBe('Off');
  });
});
