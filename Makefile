# Social Media Hub — common tasks. `make dev` runs the hub; `make test` runs the whole suite.
SHELL := /bin/bash
NPM ?= npm
COMPOSE ?= docker compose
KUBECTL ?= kubectl
NAMESPACE ?= social-media-hub
SERVICES := api-gateway download-service video-service account-service file-service scheduler-service

.PHONY: help install build-server dev start test typecheck build images images-test bench migrate up down logs deploy cluster-up cluster-down clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

node_modules/.package-lock.json: package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

install: node_modules/.package-lock.json ## Install dependencies (npm ci) when missing or outdated

frontend/dist/index.html: node_modules/.package-lock.json $(shell find frontend/src frontend/index.html -type f 2>/dev/null)
	$(NPM) run --silent build -w @smh/frontend

# The hub runs as compiled JavaScript (tsc -b into each package's dist/); rebuilt only when a source changed.
dist/scripts/embedded.js: node_modules/.package-lock.json $(shell find shared/src services/*/src scripts/embedded.ts -name '*.ts' 2>/dev/null)
	$(NPM) run --silent build:server
	@touch $@

build-server: dist/scripts/embedded.js ## Compile the back end (shared, services, embedded launcher) to JavaScript

dev: install frontend/dist/index.html dist/scripts/embedded.js ## Run the whole hub in one process on http://localhost:8080 (embedded mode)
	node --conditions=smh-compiled dist/scripts/embedded.js

start: dev ## Same as dev

test: ## Typecheck and run every test, ending with "N passed, N failed"
	bash scripts/test.sh

typecheck: install ## Typecheck the back end and the web UI
	$(NPM) run --silent typecheck
	$(NPM) run --silent typecheck -w @smh/frontend

build: install ## Build the web UI and the container images (podman or docker, when installed)
	bash scripts/build.sh

images: ## Build every container image from the one Dockerfile (podman when installed, else docker); prints sizes
	bash scripts/build.sh --no-frontend $(BUILD_ARGS)

images-test: install ## Container stage: build base, stand-ins and images in a temporary podman store, run them, compose journey, kube play
	bash infrastructure/ci/images-test.sh .tmp/images.json

bench: install ## Run the benchmarks (figures as ratios to references measured in the same run)
	$(NPM) run --silent bench

migrate: install ## Apply every service's database migrations (DATABASE_URL, or the embedded database)
	npx tsx scripts/migrate.ts

up: ## Start the distributed stack with docker compose (needs a Docker engine)
	$(COMPOSE) up -d --build

down: ## Stop the docker compose stack
	$(COMPOSE) down

logs: ## Follow the docker compose logs
	$(COMPOSE) logs -f --tail=100

deploy: ## Deploy to Kubernetes with the Helm chart (or kustomize when helm is missing); DEPLOY_ARGS="--tag 1.2.3 --registry ghcr.io/me"
	bash scripts/deploy.sh $(DEPLOY_ARGS)

cluster-up: ## Apply the plain Kubernetes manifests (kustomize) to the current kubectl context
	$(KUBECTL) apply -k infrastructure/kubernetes

cluster-down: ## Delete the Kubernetes objects of the hub
	$(KUBECTL) delete -k infrastructure/kubernetes

clean: ## Remove build output and test artefacts (keeps ./data)
	bash scripts/cleanup.sh
