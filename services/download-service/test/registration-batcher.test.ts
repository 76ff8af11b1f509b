import { AppError, type InternalFile, type RegisterFile } from '@smh/shared';
import { describe, expect, it } from 'vitest';
import { batchedRegistration, type RegistrationResult } from '../src/adapters/registration-batcher.js';

const fileFor = (name: string) => ({ ownerId: 'u', storageKey: `k/${name}`, name }) as unknown as RegisterFile;
const registered = (file: RegisterFile) => ({ id: `id-${file.name}`, name: file.name }) as unknown as InternalFile;

/** A send whose calls the test answers by hand, to hold a call "in flight". */
function manualSend() {
  const calls: Array<{ names: string[]; requestId?: string; answer(results: RegistrationResult[] | Error): void }> = [];
  const send = (files: RegisterFile[], requestId?: string) =>
    new Promise<RegistrationResult[]>((resolve, reject) => {
      calls.push({
        names: files.map((file) => file.name),
        ...(requestId ? { requestId } : {}),
        answer: (results) => (results instanceof Error ? reject(results) : resolve(results)),
      });
    });
  return { calls, send };
}
const ok = (names: string[]): RegistrationResult[] => names.map((name) => ({ file: registered(fileFor(name)) }));
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('batchedRegistration', () => {
  it('sends a lone file at once, and files finished while a call is in flight together in the next call', async () => {
    const { calls, send } = manualSend();
    const register = batchedRegistration(send, 100);
    const first = register(fileFor('a'), 'req-a');
    await settle();
    expect(calls.map((c) => c.names)).toEqual([['a']]);
    expect(calls[0]!.requestId).toBe('req-a');
    const later = [register(fileFor('b')), register(fileFor('c')), register(fileFor('d'))];
    await settle();
    expect(calls).toHaveLength(1);
    calls[0]!.answer(ok(['a']));
    expect((await first).id).toBe('id-a');
    await settle();
    expect(calls.map((c) => c.names)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1]!.answer(ok(['b', 'c', 'd']));
    expect((await Promise.all(later)).map((file) => file.id)).toEqual(['id-b', 'id-c', 'id-d']);
  });

  it('caps a call at maxBatch files and sends the rest in the following calls', async () => {
    const sent: string[][] = [];
    const register = batchedRegistration(async (files) => {
      sent.push(files.map((file) => file.name));
      return ok(files.map((file) => file.name));
    }, 2);
    const names = ['a', 'b', 'c', 'd', 'e'];
    const files = await Promise.all(names.map((name) => register(fileFor(name))));
    expect(files.map((file) => file.id)).toEqual(names.map((name) => `id-${name}`));
    expect(sent).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it("rejects only the refused file with file-service's status and code; the others resolve", async () => {
    const register = batchedRegistration(
      async () => [
        { file: registered(fileFor('a')) },
        { error: { status: 409, code: 'CONFLICT', message: 'taken', details: { constraint: 'storage_key' } } },
        { file: registered(fileFor('c')) },
      ],
      100,
    );
    const [a, b, c] = await Promise.allSettled(['a', 'b', 'c'].map((name) => register(fileFor(name))));
    expect(a).toMatchObject({ status: 'fulfilled', value: { id: 'id-a' } });
    expect(c).toMatchObject({ status: 'fulfilled', value: { id: 'id-c' } });
    expect(b?.status).toBe('rejected');
    const error = (b as PromiseRejectedResult).reason as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect([error.status, error.code, error.message, error.details]).toEqual([
      409,
      'CONFLICT',
      'taken',
      { constraint: 'storage_key' },
    ]);
  });

  it('rejects every file of a failed call, and keeps serving later files', async () => {
    const { calls, send } = manualSend();
    const register = batchedRegistration(send, 100);
    const failed = [register(fileFor('a')), register(fileFor('b'))];
    await settle();
    calls[0]!.answer(new AppError(503, 'SERVICE_UNAVAILABLE', 'file-service is down'));
    for (const outcome of await Promise.allSettled(failed))
      expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'SERVICE_UNAVAILABLE' } });
    const next = register(fileFor('c'));
    await settle();
    calls[1]!.answer(ok(['c']));
    expect((await next).id).toBe('id-c');
  });

  it('refuses an answer that does not hold one result per file', async () => {
    const register = batchedRegistration(async () => ok(['a']), 100);
    const outcomes = await Promise.allSettled([register(fileFor('a')), register(fileFor('b'))]);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: { status: 502 } });
  });
});
