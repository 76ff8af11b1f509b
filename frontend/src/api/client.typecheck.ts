/**
 * Compile-time checks, run by `npm run typecheck -w @smh/frontend` (nothing here executes): every call below is
 * wrong, and `@ts-expect-error` fails the typecheck the day one of them compiles, i.e. the day the client stops
 * being typed from `paths` in schema.d.ts.
 */
import type { HubHttp } from './client.ts';

export function wrongCallsFailToCompile(http: HubHttp): void {
  // @ts-expect-error a path the hub does not have
  void http.GET('/api/download');
  // @ts-expect-error a method the path does not take
  void http.PUT('/api/downloads');
  // @ts-expect-error a body without its required field
  void http.POST('/api/downloads', { body: { include: ['posts'] } });
  // @ts-expect-error a field of the wrong type
  void http.POST('/api/auth/login', { body: { username: 'a', password: 1 } });
  // @ts-expect-error a path parameter left out
  void http.GET('/api/downloads/{id}', {});
  // @ts-expect-error a query parameter of the wrong type
  void http.GET('/api/downloads', { params: { query: { limit: 'ten' } } });
  // @ts-expect-error the answer has no such field
  void http.GET('/api/auth/me').then(({ data }) => data?.user.nickname);
}

export async function rightCallsCompile(http: HubHttp): Promise<string | undefined> {
  const created = await http.POST('/api/downloads', { body: { url: 'https://www.instagram.com/p/x/' } });
  const one = await http.GET('/api/downloads/{id}', { params: { path: { id: created.data?.id ?? '' } } });
  return one.data?.status;
}
