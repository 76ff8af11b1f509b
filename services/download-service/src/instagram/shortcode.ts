/**
 * Shortcode <-> media id conversion. A shortcode is the media pk written in base 64 with the URL-safe
 * alphabet, most significant digit first, no padding. Private-post shortcodes carry 28 extra characters.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PRIVATE_SUFFIX_LENGTH = 28;
const MAX_MEDIA_ID = (1n << 64n) - 1n;

export const SHORTCODE_PATTERN = /^[A-Za-z0-9_-]+$/;

export function shortcodeToMediaId(shortcode: string): string {
  if (!SHORTCODE_PATTERN.test(shortcode)) {
    throw new Error(`Invalid Instagram shortcode "${shortcode}": only A-Z, a-z, 0-9, "-" and "_" are allowed`);
  }
  const code = shortcode.length > PRIVATE_SUFFIX_LENGTH ? shortcode.slice(0, -PRIVATE_SUFFIX_LENGTH) : shortcode;
  let id = 0n;
  for (const char of code) id = id * 64n + BigInt(ALPHABET.indexOf(char));
  if (id > MAX_MEDIA_ID) throw new Error(`Invalid Instagram shortcode "${shortcode}": the id does not fit in 64 bits`);
  return id.toString();
}

export function mediaIdToShortcode(mediaId: string | bigint): string {
  const raw = typeof mediaId === 'bigint' ? mediaId.toString() : mediaId;
  const pk = raw.split('_')[0] ?? '';
  if (!/^\d+$/.test(pk))
    throw new Error(`Invalid Instagram media id "${raw}": expected digits, optionally "<pk>_<owner>"`);
  let id = BigInt(pk);
  if (id === 0n) return ALPHABET.charAt(0);
  let code = '';
  while (id > 0n) {
    code = ALPHABET.charAt(Number(id % 64n)) + code;
    id /= 64n;
  }
  return code;
}
