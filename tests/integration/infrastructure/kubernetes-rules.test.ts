// The custom Kubernetes rules must catch what they claim to catch (and schema validation must catch type errors).
import { describe, expect, it } from 'vitest';
import {
  deploymentProblems,
  parseManifests,
  schemaProblems,
  serviceProblems,
  type K8sObject,
} from './support/kubernetes.js';

function deployment(overrides: (d: any) => void = () => {}): K8sObject {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'video-service' },
    spec: {
      selector: { matchLabels: { app: 'video' } },
      template: {
        metadata: {
          labels: { app: 'video' },
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8002' },
        },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 1000 },
          containers: [
            {
              name: 'video-service',
              image: 'x',
              ports: [{ name: 'http', containerPort: 8002 }],
              livenessProbe: { httpGet: { path: '/health', port: 'http' } },
              readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
              resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
              securityContext: { allowPrivilegeEscalation: false },
            },
          ],
        },
      },
    },
  };
  overrides(d);
  return d;
}

describe('deploymentProblems', () => {
  it('accepts a compliant deployment', () => {
    expect(deploymentProblems(deployment())).toEqual([]);
    expect(schemaProblems(deployment())).toEqual([]);
  });

  it.each([
    [
      'readiness on /health',
      (d: any) => (d.spec.template.spec.containers[0].readinessProbe.httpGet.path = '/health'),
      /readinessProbe must GET \/ready/,
    ],
    [
      'a missing liveness probe',
      (d: any) => delete d.spec.template.spec.containers[0].livenessProbe,
      /no livenessProbe/,
    ],
    ['a wrong port', (d: any) => (d.spec.template.spec.containers[0].ports[0].containerPort = 9000), /seed port 8002/],
    [
      'no memory limit',
      (d: any) => delete d.spec.template.spec.containers[0].resources.limits.memory,
      /limits.memory missing/,
    ],
    ['root', (d: any) => (d.spec.template.spec.securityContext.runAsUser = 0), /non-root/],
    [
      'privilege escalation',
      (d: any) => delete d.spec.template.spec.containers[0].securityContext,
      /allowPrivilegeEscalation/,
    ],
    ['a selector that misses the pods', (d: any) => (d.spec.selector.matchLabels.app = 'other'), /does not match/],
    ['no scrape annotation', (d: any) => (d.spec.template.metadata.annotations = {}), /prometheus.io\/scrape/],
  ])('flags %s', (_, mutate, message) => {
    expect(deploymentProblems(deployment(mutate)).join('\n')).toMatch(message);
  });
});

describe('serviceProblems', () => {
  const service = (selector: Record<string, string>, targetPort: string | number) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'video-service' },
    spec: { selector, ports: [{ port: 8002, targetPort }] },
  });
  it('accepts a matching service and flags selector or port mismatches', () => {
    expect(serviceProblems(service({ app: 'video' }, 'http'), [deployment()])).toEqual([]);
    expect(serviceProblems(service({ app: 'nope' }, 'http'), [deployment()]).join()).toMatch(/matches 0 Deployments/);
    expect(serviceProblems(service({ app: 'video' }, 'metrics'), [deployment()]).join()).toMatch(/targetPort metrics/);
  });

  it("flags a Service that exposes the gateway's metrics port, and a gateway without it", () => {
    const gateway = deployment((d) => {
      d.metadata.name = 'api-gateway';
      d.spec.template.metadata.annotations['prometheus.io/port'] = '9464';
      const container = d.spec.template.spec.containers[0];
      container.name = 'api-gateway';
      container.ports = [
        { name: 'http', containerPort: 8080 },
        { name: 'metrics', containerPort: 9464 },
      ];
      container.env = [{ name: 'METRICS_PORT', value: '9464' }];
    });
    expect(deploymentProblems(gateway)).toEqual([]);
    const exposing = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api-gateway' },
      spec: {
        selector: { app: 'video' },
        ports: [
          { port: 8080, targetPort: 'http' },
          { name: 'metrics', port: 9464, targetPort: 'metrics' },
        ],
      },
    };
    expect(serviceProblems(exposing, [gateway]).join()).toMatch(/exposes the metrics port/);
    const publicScrape = deployment((d) => {
      d.metadata.name = 'api-gateway';
      d.spec.template.metadata.annotations['prometheus.io/port'] = '8080';
      d.spec.template.spec.containers[0].ports = [{ name: 'http', containerPort: 8080 }];
    });
    expect(deploymentProblems(publicScrape).join('\n')).toMatch(/METRICS_PORT must be "9464"/);
    expect(deploymentProblems(publicScrape).join('\n')).toMatch(/prometheus.io\/port "9464"/);
  });
});

describe('schemaProblems', () => {
  it('reports type errors and unknown kinds', () => {
    expect(schemaProblems(deployment((d) => (d.spec.replicas = 'two'))).join()).toMatch(/replicas/);
    expect(schemaProblems({ apiVersion: 'v1', kind: 'Nonsense', metadata: { name: 'x' } }).join()).toMatch(/no schema/);
  });

  it('reads YAML as Kubernetes does, so an unquoted `off` annotation is a boolean and rejected', () => {
    const [ingress] = parseManifests(
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: x\n  annotations:\n    a: off\nspec: {}\n',
      'inline',
    );
    expect(schemaProblems(ingress!).join()).toMatch(/annotations/);
  });
});
