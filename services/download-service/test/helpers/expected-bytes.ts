/** The bytes the fake Instagram serves for a resource, computed independently of the download path. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { MediaFiles, syntheticBytes } from '../../../../tests/fakes/instagram/media-files.js';
import type { FakeInstagram } from '../../../../tests/fakes/instagram/server.js';

const files = new MediaFiles();

export async function sha256OfStream(stream: AsyncIterable<Buffer | string>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

/** sha256 of the full-size resource `index` of media `postPk`. */
export async function expectedSha256(fake: FakeInstagram, postPk: string, index: number): Promise<string> {
  const media = fake.store.mediaByPk.get(postPk);
  const resource = media?.resources[index];
  if (!resource) throw new Error(`the fake has no resource ${index} of media ${postPk}`);
  if (resource.syntheticBytes !== undefined)
    return sha256OfStream(syntheticBytes(resource.pk, 0, resource.syntheticBytes - 1));
  const path = await files.file({
    pk: resource.pk,
    kind: resource.kind,
    width: resource.width,
    height: resource.height,
    ...(resource.durationSec ? { durationSec: resource.durationSec } : {}),
  });
  return sha256OfStream(createReadStream(path));
}
