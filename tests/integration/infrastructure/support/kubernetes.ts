// Offline validation of Kubernetes objects: kubernetes-models' JSON schemas plus the rules
// that schemas cannot express (probes, resources, non-root, seed ports, selector/label agreement).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { serviceByName } from './seed.js';

const require = createRequire(import.meta.url);

export type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- walked defensively below
  [key: string]: unknown;
};

/** Parses every YAML document of a text as Kubernetes does (YAML 1.1: `off`/`yes` are booleans). */
export function parseManifests(text: string, source: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(text, { version: '1.1' })) {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]!.message}`);
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${source}: a document is not an object`);
    objects.push(value as K8sObject);
  }
  return objects;
}

export const readManifests = (file: string): K8sObject[] => parseManifests(readFileSync(file, 'utf8'), file);

export const objectLabel = (object: K8sObject): string => `${object.kind ?? '?'}/${object.metadata?.name ?? '?'}`;

/** Where the model of an API group lives: kubernetes-models for Kubernetes' own, companion packages for CRDs. */
function modelModule(apiVersion: string, kind: string): string {
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

/** Schema validation with kubernetes-models (and @kubernetes-models/keda); returns the problems (empty when valid). */
export function schemaProblems(object: K8sObject): string[] {
  const { apiVersion, kind } = object;
  if (!apiVersion || !kind) return [`${objectLabel(object)}: apiVersion and kind are required`];
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = require(modelModule(apiVersion, kind))[kind];
  } catch {
    return [`${objectLabel(object)}: kubernetes-models has no schema for ${apiVersion} ${kind}`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [`${objectLabel(object)}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

interface Container {
  name?: string;
  ports?: { name?: string; containerPort?: number }[];
  env?: { name?: string; value?: string }[];
  livenessProbe?: { httpGet?: { path?: string; port?: string | number }; tcpSocket?: unknown; exec?: unknown };
  readinessProbe?: { httpGet?: { path?: string; port?: string | number }; tcpSocket?: unknown; exec?: unknown };
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; allowPrivilegeEscalation?: boolean };
}

function resolvePort(container: Container, port: string | number | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * Rules for every Deployment: probes, requests+limits for cpu and memory, a non-root pod or container.
 * For the Social Media Hub services also: liveness GET /health and readiness GET /ready on the seed port,
 * and the Prometheus scrape annotations on the metrics port (the seed port, or the gateway's METRICS_PORT, which
 * the container then also declares as its port "metrics").
 */
export function deploymentProblems(deployment: K8sObject): string[] {
  const problems: string[] = [];
  const where = objectLabel(deployment);
  const pod = deployment.spec?.template?.spec ?? {};
  const containers: Container[] = pod.containers ?? [];
  if (containers.length === 0) problems.push(`${where}: no containers`);
  const seed = serviceByName(deployment.metadata?.name ?? '');
  for (const container of containers) {
    const at = `${where} container ${container.name ?? '?'}`;
    if (!container.livenessProbe) problems.push(`${at}: no livenessProbe`);
    if (!container.readinessProbe) problems.push(`${at}: no readinessProbe`);
    for (const key of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (container.resources?.[key]?.[resource] === undefined)
          problems.push(`${at}: resources.${key}.${resource} missing`);
      }
    }
    const nonRoot =
      (container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) === true &&
      (container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser) !== 0;
    if (!nonRoot) problems.push(`${at}: must run as non-root (runAsNonRoot: true, runAsUser != 0)`);
    if (container.securityContext?.allowPrivilegeEscalation !== false) {
      problems.push(`${at}: securityContext.allowPrivilegeEscalation must be false`);
    }
    if (!seed) continue;
    const ports = (container.ports ?? []).map((p) => p.containerPort);
    const wanted = seed.metricsPort === undefined ? [seed.port] : [seed.port, seed.metricsPort];
    if (ports.join() !== wanted.join()) problems.push(`${at}: container ports ${ports} != seed port ${wanted}`);
    if (seed.metricsPort !== undefined) {
      const metricsEnv = container.env?.find((variable) => variable.name === 'METRICS_PORT')?.value;
      if (metricsEnv !== String(seed.metricsPort))
        problems.push(`${at}: METRICS_PORT must be "${seed.metricsPort}" (got ${metricsEnv})`);
      if (resolvePort(container, 'metrics') !== seed.metricsPort)
        problems.push(`${at}: port "metrics" must be ${seed.metricsPort}`);
    }
    const probes = [
      ['livenessProbe', container.livenessProbe, '/health'],
      ['readinessProbe', container.readinessProbe, '/ready'],
    ] as const;
    for (const [probeName, probe, path] of probes) {
      if (probe?.httpGet?.path !== path) problems.push(`${at}: ${probeName} must GET ${path}`);
      else if (resolvePort(container, probe.httpGet.port) !== seed.port)
        problems.push(`${at}: ${probeName} not on port ${seed.port}`);
    }
    const annotations = deployment.spec?.template?.metadata?.annotations ?? {};
    const scrapePort = seed.metricsPort ?? seed.port;
    if (annotations['prometheus.io/scrape'] !== 'true' || annotations['prometheus.io/port'] !== String(scrapePort)) {
      problems.push(`${where}: pod template needs prometheus.io/scrape "true" and prometheus.io/port "${scrapePort}"`);
    }
  }
  const selector: Record<string, string> = deployment.spec?.selector?.matchLabels ?? {};
  const labels: Record<string, string> = deployment.spec?.template?.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(selector)) {
    if (labels[key] !== value)
      problems.push(`${where}: selector ${key}=${value} does not match the pod template labels`);
  }
  return problems;
}

/** Every Service must select the pods of exactly one Deployment and target a port that its containers expose. */
export function serviceProblems(service: K8sObject, deployments: K8sObject[]): string[] {
  const where = objectLabel(service);
  const selector: Record<string, string> = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) return [`${where}: no selector`];
  const matches = deployments.filter((d) => {
    const labels: Record<string, string> = d.spec?.template?.metadata?.labels ?? {};
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
  if (matches.length !== 1) return [`${where}: selector matches ${matches.length} Deployments (want exactly 1)`];
  const containers: Container[] = matches[0]!.spec.template.spec.containers ?? [];
  const problems: string[] = [];
  for (const port of service.spec?.ports ?? []) {
    const exposed = containers.some((c) =>
      typeof port.targetPort === 'string'
        ? c.ports?.some((p) => p.name === port.targetPort)
        : c.ports?.some((p) => p.containerPort === (port.targetPort ?? port.port)),
    );
    if (!exposed) problems.push(`${where}: targetPort ${port.targetPort ?? port.port} is not a container port`);
  }
  const seed = serviceByName(service.metadata?.name ?? '');
  if (seed && service.spec?.ports?.[0]?.port !== seed.port)
    problems.push(`${where}: port must be the seed port ${seed.port}`);
  // The metrics port stays inside the pod network: a Service (and so an ingress) never exposes it.
  for (const port of service.spec?.ports ?? []) {
    if (port.targetPort === 'metrics' || (seed?.metricsPort !== undefined && port.port === seed.metricsPort))
      problems.push(`${where}: exposes the metrics port`);
  }
  return problems;
}
