/**
 * Authorization matrix: every registered route of a service × {anonymous, user A, user B, admin} (+ a calling
 * service for /internal routes). A service test declares one rule per route; the matrix fails when a route has no
 * rule (so a new route cannot slip through unreviewed) and when any actor gets a status its access level forbids.
 *
 *   const results = await runAuthMatrix({ app, routes: registeredRoutes(app), actors, rules });
 *   expect(results.uncovered).toEqual([]); expect(results.failures).toEqual([]);
 *
 * Access levels and what each actor must get (unless a rule's `expect` says otherwise):
 * - public:   nobody gets 401/403.
 * - user:     anonymous 401; A, B, admin succeed (2xx).
 * - owned:    the resource belongs to A: anonymous 401; A 2xx; B 404; admin 2xx (admins see all).
 * - admin:    anonymous 401; A and B 403; admin 2xx.
 * - internal: every user (even admin) 401; the service actor 2xx.
 */
import type { RegisteredRoute } from '@smh/shared';

export type Actor = 'anonymous' | 'userA' | 'userB' | 'admin' | 'service';
export const USER_ACTORS = ['anonymous', 'userA', 'userB', 'admin'] as const;
export type Access = 'public' | 'user' | 'owned' | 'admin' | 'internal';

/** One concrete request; `url` must be concrete (params filled in). */
export interface MatrixRequest {
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRule {
  access: Access;
  /**
   * Builds a fresh request for each actor (called once per actor, just before its call), so destructive routes
   * get a new resource each time. Default: the route url as is, no body.
   */
  request?: (actor: Actor) => MatrixRequest | Promise<MatrixRequest>;
  /** Overrides of the expected status per actor: a number, or a predicate. */
  expect?: Partial<Record<Actor, number | ((status: number) => boolean)>>;
}

/** What the matrix injects into: a fastify app (`app.inject`). */
export interface InjectableApp {
  inject(options: {
    method: string;
    url: string;
    payload?: unknown;
    headers?: Record<string, string>;
  }): Promise<{ statusCode: number; body: string }>;
}

export interface MatrixFailure {
  route: string;
  actor: Actor;
  expected: string;
  got: number;
  body: string;
}

export interface MatrixResult {
  /** Registered routes without a rule. */
  uncovered: string[];
  /** Rules for routes that are not registered (stale rules). */
  unknown: string[];
  failures: MatrixFailure[];
  /** How many requests were made (so a test can assert the matrix actually ran). */
  calls: number;
}

export const routeKey = (route: RegisteredRoute) => `${route.method} ${route.url}`;

const is2xx = (status: number) => status >= 200 && status < 300;

function defaultExpectation(access: Access, actor: Actor): { label: string; ok: (status: number) => boolean } {
  const exact = (code: number) => ({ label: String(code), ok: (status: number) => status === code });
  const success = { label: '2xx', ok: is2xx };
  const notDenied = { label: 'not 401/403', ok: (status: number) => status !== 401 && status !== 403 };
  switch (access) {
    case 'public':
      return notDenied;
    case 'user':
      return actor === 'anonymous' || actor === 'service' ? exact(401) : success;
    case 'owned':
      if (actor === 'anonymous' || actor === 'service') return exact(401);
      return actor === 'userB' ? exact(404) : success;
    case 'admin':
      if (actor === 'anonymous' || actor === 'service') return exact(401);
      return actor === 'admin' ? success : exact(403);
    case 'internal':
      return actor === 'service' ? success : exact(401);
  }
}

/**
 * Runs the matrix. `actors` gives each actor's headers (anonymous: none). The service actor is only used for
 * `internal` routes and only when its headers are given.
 */
export async function runAuthMatrix(options: {
  app: InjectableApp;
  routes: readonly RegisteredRoute[];
  actors: Partial<Record<Actor, Record<string, string>>>;
  rules: Record<string, RouteRule>;
}): Promise<MatrixResult> {
  const keys = options.routes.map(routeKey);
  const result: MatrixResult = {
    uncovered: keys.filter((key) => !(key in options.rules)),
    unknown: Object.keys(options.rules).filter((key) => !keys.includes(key)),
    failures: [],
    calls: 0,
  };
  for (const route of options.routes) {
    const key = routeKey(route);
    const rule = options.rules[key];
    if (!rule) continue;
    const actors: Actor[] = [...USER_ACTORS];
    if (rule.access === 'internal' && options.actors.service) actors.push('service');
    for (const actor of actors) {
      const request = rule.request ? await rule.request(actor) : { url: route.url };
      const override = rule.expect?.[actor];
      const expectation =
        override === undefined
          ? defaultExpectation(rule.access, actor)
          : typeof override === 'number'
            ? { label: String(override), ok: (status: number) => status === override }
            : { label: 'custom predicate', ok: override };
      const response = await options.app.inject({
        method: route.method,
        url: request.url,
        payload: request.payload as never,
        headers: { ...(options.actors[actor] ?? {}), ...(request.headers ?? {}) },
      });
      result.calls += 1;
      if (!expectation.ok(response.statusCode)) {
        result.failures.push({
          route: key,
          actor,
          expected: expectation.label,
          got: response.statusCode,
          body: response.body.slice(0, 300),
        });
      }
    }
  }
  return result;
}
