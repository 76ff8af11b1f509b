/**
 * The ffmpeg/ffprobe this process uses, found once (FFMPEG_PATH/FFPROBE_PATH, PATH, npm binaries). A failed search
 * is retried on the next use, so installing ffmpeg fixes a running service; /ready reports the versions or why not.
 */
import {
  createFfmpeg,
  resolveFfmpeg,
  type Ffmpeg,
  type ResolvedFfmpeg,
  type ResolveFfmpegOptions,
} from '../ffmpeg/index.js';

/** Niceness of background work: media analysis yields the CPU to video jobs and transfers. */
export const BACKGROUND_NICENESS = 10;

export interface FfmpegTools {
  /** The facade; rejects with FfmpegError NOT_FOUND while no working binaries are found. */
  get(): Promise<Ffmpeg>;
  /** The same binaries at background CPU priority (BACKGROUND_NICENESS), for work nobody waits on. */
  background(): Promise<Ffmpeg>;
  /** For /ready: the versions, or the reason there are none. */
  info(): Promise<Record<string, unknown>>;
}

export function createFfmpegTools(options: ResolveFfmpegOptions = {}): FfmpegTools {
  let found: Promise<{ resolved: ResolvedFfmpeg; ffmpeg: Ffmpeg; background: Ffmpeg }> | undefined;
  const load = () => {
    found ??= resolveFfmpeg(options).then((resolved) => ({
      resolved,
      ffmpeg: createFfmpeg({ paths: resolved.paths }),
      background: createFfmpeg({ paths: resolved.paths, niceness: BACKGROUND_NICENESS }),
    }));
    found.catch(() => {
      found = undefined;
    });
    return found;
  };
  return {
    async get() {
      return (await load()).ffmpeg;
    },
    async background() {
      return (await load()).background;
    },
    async info() {
      try {
        const { resolved } = await load();
        return {
          ffmpeg: { version: resolved.ffmpeg.version, path: resolved.ffmpeg.path, source: resolved.ffmpeg.source },
          ffprobe: { version: resolved.ffprobe.version, path: resolved.ffprobe.path, source: resolved.ffprobe.source },
        };
      } catch (error) {
        return { ffmpeg: { error: error instanceof Error ? error.message : String(error) } };
      }
    },
  };
}
