#!/usr/bin/env bash
# Deploys the hub to the current kubectl context: Helm chart when helm is installed, else kustomize.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/deploy.sh [options]

Deploys Social Media Hub into a Kubernetes namespace. PostgreSQL and Redis are external: the Secret
"smh-secrets" (SMH_SECRET_KEY, DATABASE_URL, REDIS_URL) must exist first — see
infrastructure/kubernetes/secret.template.yaml. Grafana dashboards are loaded from monitoring/grafana/dashboards.

Options:
  --method helm|kustomize  (default: helm when the helm binary exists, else kustomize)
  --namespace NAME         (default: social-media-hub)
  --release NAME           Helm release name (default: smh)
  --tag TAG                image tag to deploy (helm: image.tag; kustomize: every image's newTag)
  --registry PREFIX        image registry path, e.g. ghcr.io/me/social-media-hub (helm: image.registry)
  --values FILE            extra Helm values file (repeatable)
  --skip-secret-check      do not verify that the smh-secrets Secret exists
  --dry-run                print the commands instead of running them
  -h, --help               show this help
USAGE
}

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CHART="$ROOT/infrastructure/helm/social-media-hub"
KUSTOMIZE_DIR="$ROOT/infrastructure/kubernetes"
SERVICES="api-gateway download-service video-service account-service file-service scheduler-service"
method="" namespace="social-media-hub" release="smh" tag="" registry="" dry_run=false check_secret=true
values_args=()

while [ "$#" -gt 0 ]; do
  case "$1" in
    --method) method="${2:?--method needs helm or kustomize}"; shift 2 ;;
    --namespace) namespace="${2:?--namespace needs a value}"; shift 2 ;;
    --release) release="${2:?--release needs a value}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --registry) registry="${2:?--registry needs a value}"; shift 2 ;;
    --values) values_args+=(--values "${2:?--values needs a file}"); shift 2 ;;
    --skip-secret-check) check_secret=false; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "deploy.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$method" ]; then
  if command -v helm >/dev/null 2>&1; then method=helm; else method=kustomize; fi
fi
case "$method" in helm|kustomize) ;; *) echo "deploy.sh: --method must be helm or kustomize, not '$method'" >&2; exit 2 ;; esac
if [ "$dry_run" = false ]; then
  for tool in kubectl $([ "$method" = helm ] && echo helm); do
    command -v "$tool" >/dev/null 2>&1 || { echo "deploy.sh: $tool is not installed" >&2; exit 1; }
  done
fi

run() {
  if [ "$dry_run" = true ]; then printf '+ %s\n' "$*"; else "$@"; fi
}

echo "==> namespace $namespace"
if [ "$dry_run" = true ]; then
  printf '+ kubectl create namespace %s --dry-run=client -o yaml | kubectl apply -f -\n' "$namespace"
else
  kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
fi

if [ "$check_secret" = true ] && [ "$dry_run" = false ] && ! kubectl -n "$namespace" get secret smh-secrets >/dev/null 2>&1; then
  echo "deploy.sh: Secret smh-secrets is missing in namespace $namespace." >&2
  echo "  Create it (see infrastructure/kubernetes/secret.template.yaml), or pass --skip-secret-check." >&2
  exit 1
fi

echo "==> Grafana dashboards (ConfigMap grafana-dashboards)"
if [ "$dry_run" = true ]; then
  printf '+ kubectl -n %s create configmap grafana-dashboards --from-file=%s --dry-run=client -o yaml | kubectl apply -f -\n' \
    "$namespace" "$ROOT/monitoring/grafana/dashboards"
else
  kubectl -n "$namespace" create configmap grafana-dashboards --from-file="$ROOT/monitoring/grafana/dashboards" \
    --dry-run=client -o yaml | kubectl apply -f -
fi

if [ "$method" = helm ]; then
  echo "==> helm upgrade --install $release"
  set_args=()
  if [ -n "$tag" ]; then set_args+=(--set "image.tag=$tag"); fi
  if [ -n "$registry" ]; then set_args+=(--set "image.registry=$registry"); fi
  run helm upgrade --install "$release" "$CHART" --namespace "$namespace" --wait --timeout 10m \
    ${values_args[@]+"${values_args[@]}"} ${set_args[@]+"${set_args[@]}"}
else
  echo "==> kubectl apply -k (kustomize)"
  if [ -n "$tag" ] || [ -n "$registry" ]; then
    # Render into a temporary overlay so the repository's kustomization.yaml stays untouched.
    overlay="$(mktemp -d)"
    trap 'rm -rf "$overlay"' EXIT
    {
      echo "apiVersion: kustomize.config.k8s.io/v1beta1"
      echo "kind: Kustomization"
      echo "namespace: $namespace"
      echo "resources: [$(realpath --relative-to="$overlay" "$KUSTOMIZE_DIR")]"
      echo "images:"
      for service in $SERVICES; do
        echo "  - name: ghcr.io/social-media-hub/$service"
        if [ -n "$registry" ]; then echo "    newName: $registry/$service"; fi
        if [ -n "$tag" ]; then echo "    newTag: \"$tag\""; fi
      done
    } >"$overlay/kustomization.yaml"
    target="$overlay"
  else
    target="$KUSTOMIZE_DIR"
  fi
  if [ "$dry_run" = true ]; then
    # Render offline so a dry run still proves the manifests build; list the images it would deploy.
    kubectl kustomize "$target" | sed -n 's/^[ -]*image: \(.*\)$/  would deploy \1/p' | sort -u
  fi
  run kubectl apply -k "$target"
  for service in $SERVICES; do
    run kubectl -n "$namespace" rollout status "deployment/$service" --timeout=5m
  done
fi
