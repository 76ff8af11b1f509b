/**
 * Where the media tools are: the static ffmpeg/ffprobe binaries shipped by the npm packages `@ffmpeg-installer/ffmpeg`
 * and `@ffprobe-installer/ffprobe` (a dependency of the service that uses them), and executables on PATH. Shared by
 * video-service (which runs ffmpeg/ffprobe) and download-service (whose yt-dlp merges video and audio with ffmpeg).
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

export type MediaToolName = 'ffmpeg' | 'ffprobe';

export const MEDIA_TOOL_ENV_VARIABLE: Record<MediaToolName, string> = {
  ffmpeg: 'FFMPEG_PATH',
  ffprobe: 'FFPROBE_PATH',
};
export const MEDIA_TOOL_NPM_PACKAGE: Record<MediaToolName, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};

/** The binary of the npm package for this platform, or undefined when the package (or its platform build) is absent. */
export function npmPackagedBinary(tool: MediaToolName): string | undefined {
  try {
    const required: unknown = createRequire(import.meta.url)(MEDIA_TOOL_NPM_PACKAGE[tool]);
    const path = (required as { path?: unknown }).path;
    return typeof path === 'string' ? path : undefined;
  } catch {
    return undefined; // not installed, or no binary for this platform
  }
}

/** The first executable file called `name` in the PATH directories. */
export async function findOnPath(name: string, pathVariable: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir.length === 0) continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export type LocatedSource = 'env' | 'npm' | 'path';

export interface LocatedMediaTool {
  path: string;
  source: LocatedSource;
}

export interface LocateMediaToolOptions {
  /** Where FFMPEG_PATH/FFPROBE_PATH and PATH are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Path of the npm package's binary; default npmPackagedBinary. */
  packagedBinary?: (tool: MediaToolName) => string | undefined;
}

/**
 * FFMPEG_PATH (FFPROBE_PATH) when set, else the npm package's binary, else the first one on PATH; undefined when
 * there is none. No check that it runs: the caller reports a broken binary when it uses it.
 */
export async function locateMediaTool(
  tool: MediaToolName,
  options: LocateMediaToolOptions = {},
): Promise<LocatedMediaTool | undefined> {
  const env = options.env ?? process.env;
  const configured = env[MEDIA_TOOL_ENV_VARIABLE[tool]];
  if (configured !== undefined && configured !== '') return { path: configured, source: 'env' };
  const packaged = (options.packagedBinary ?? npmPackagedBinary)(tool);
  if (packaged !== undefined) return { path: packaged, source: 'npm' };
  const onPath = await findOnPath(tool, env['PATH']);
  return onPath === undefined ? undefined : { path: onPath, source: 'path' };
}
