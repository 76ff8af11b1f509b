/**
 * Finds working ffmpeg and ffprobe binaries: an explicit path (option, then FFMPEG_PATH/FFPROBE_PATH) must work or
 * we fail naming it; otherwise `ffmpeg`/`ffprobe` on PATH, else the binaries shipped by the npm packages
 * `@ffmpeg-installer/ffmpeg` and `@ffprobe-installer/ffprobe`.
 */
import {
  findOnPath,
  MEDIA_TOOL_ENV_VARIABLE as ENV_VARIABLE,
  MEDIA_TOOL_NPM_PACKAGE as NPM_PACKAGE,
  type MediaToolName,
  npmPackagedBinary,
} from '@smh/shared/process/media-binaries';
import { FfmpegError, isFfmpegError } from './errors.js';
import { runProcess, type ProcessRunner } from './runner.js';

export type ToolName = MediaToolName;
export { findOnPath, npmPackagedBinary };
export type ToolSource = 'option' | 'env' | 'path' | 'npm';

export interface ResolvedTool {
  path: string;
  /** As printed by `-version`, e.g. "5.1.9-0+deb12u1" or "N-47683-g0e8eb07980-static". */
  version: string;
  source: ToolSource;
}

export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
}

export interface ResolvedFfmpeg {
  paths: FfmpegPaths;
  ffmpeg: ResolvedTool;
  ffprobe: ResolvedTool;
}

export interface ResolveFfmpegOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Where FFMPEG_PATH, FFPROBE_PATH and PATH are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  runner?: ProcessRunner;
  /** Paths of the binaries shipped by npm packages; default: from @ffmpeg-installer/@ffprobe-installer if installed. */
  packagedBinary?: (tool: ToolName) => string | undefined;
}

const VERSION_TIMEOUT_MS = 15_000;

/** The version token of a `-version` banner's first line ("ffmpeg version 5.1.9-0+deb12u1 Copyright …"). */
export function parseVersionLine(tool: ToolName, stdout: string): string | null {
  const match = new RegExp(`^${tool} version (\\S+)`, 'm').exec(stdout);
  return match?.[1] ?? null;
}

async function versionOf(tool: ToolName, path: string, runner: ProcessRunner): Promise<string> {
  const { stdout } = await runner({ cmd: path, args: ['-version'], timeoutMs: VERSION_TIMEOUT_MS });
  const version = parseVersionLine(tool, stdout);
  if (version === null) throw new FfmpegError('NOT_FOUND', `${path} -version did not print "${tool} version …"`);
  return version;
}

async function resolveTool(
  tool: ToolName,
  explicit: string | undefined,
  options: ResolveFfmpegOptions,
): Promise<ResolvedTool> {
  const env = options.env ?? process.env;
  const runner = options.runner ?? runProcess;
  const fromEnv = env[ENV_VARIABLE[tool]];
  const configured = explicit ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
  if (configured !== undefined) {
    const source: ToolSource = explicit !== undefined ? 'option' : 'env';
    try {
      return { path: configured, version: await versionOf(tool, configured, runner), source };
    } catch (error) {
      const where =
        source === 'env' ? `${ENV_VARIABLE[tool]}=${configured}` : `the configured ${tool} path ${configured}`;
      const why = isFfmpegError(error) ? error.message : String(error);
      throw new FfmpegError('NOT_FOUND', `${where} does not work: ${why}`, { cause: error });
    }
  }

  const tried: string[] = [];
  const onPath = await findOnPath(tool, env['PATH']);
  const packaged = (options.packagedBinary ?? npmPackagedBinary)(tool);
  const candidates: Array<[string | undefined, ToolSource, string]> = [
    [onPath, 'path', `no ${tool} on PATH`],
    [packaged, 'npm', `${NPM_PACKAGE[tool]} is not installed`],
  ];
  for (const [path, source, absentReason] of candidates) {
    if (path === undefined) {
      tried.push(absentReason);
      continue;
    }
    try {
      return { path, version: await versionOf(tool, path, runner), source };
    } catch (error) {
      tried.push(`${path}: ${isFfmpegError(error) ? error.message : String(error)}`);
    }
  }
  throw new FfmpegError(
    'NOT_FOUND',
    `No working ${tool} found (${tried.join('; ')}). Install ffmpeg (e.g. apt-get install ffmpeg) or set ${ENV_VARIABLE[tool]}.`,
  );
}

export async function resolveFfmpeg(options: ResolveFfmpegOptions = {}): Promise<ResolvedFfmpeg> {
  const [ffmpeg, ffprobe] = await Promise.all([
    resolveTool('ffmpeg', options.ffmpegPath, options),
    resolveTool('ffprobe', options.ffprobePath, options),
  ]);
  return { paths: { ffmpeg: ffmpeg.path, ffprobe: ffprobe.path }, ffmpeg, ffprobe };
}
