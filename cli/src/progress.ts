/**
 * How download progress reaches stderr: live bars (cli-progress) on a terminal; otherwise one line per change
 * of phase, so logs of scripts stay short. Outcomes are printed by the commands.
 */
import cliProgress from 'cli-progress';
import { downloadLabel, downloadPhase, formatSpeed, progressSummary } from './format.js';
import type { DownloadView } from './types.js';
import { type DownloadReporter, FINISHED } from './watch.js';

export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The line printed when a download ends (pure). */
export function outcomeLine(view: DownloadView): string {
  const label = downloadLabel(view.url);
  if (view.status === 'completed') return `${label}: completed · ${progressSummary(view.progress)}`;
  if (view.status === 'failed') return `${label}: failed: ${view.error?.message ?? 'no reason given'}`;
  return `${label}: ${view.status}`;
}

/** Derives a speed from byte counts when the hub did not send one. */
class SpeedMeter {
  private last = new Map<string, { bytes: number; at: number; speed: number }>();
  speed(view: DownloadView, reported: number | undefined, now = Date.now()): number | undefined {
    const previous = this.last.get(view.id);
    let speed = reported ?? previous?.speed;
    if (reported === undefined && previous && now - previous.at >= 500)
      speed = ((view.progress.bytesDone - previous.bytes) * 1000) / (now - previous.at);
    if (!previous || now - previous.at >= 500 || reported !== undefined)
      this.last.set(view.id, { bytes: view.progress.bytesDone, at: now, speed: speed ?? 0 });
    return speed;
  }
}

export function createReporter(stderr: TextSink): DownloadReporter {
  return stderr.isTTY ? barReporter(stderr) : lineReporter(stderr);
}

/** Without a terminal: a line when the phase changes, and at most one every `everyMs` while it stays. */
export function lineReporter(stderr: TextSink, everyMs = 10_000, now = () => Date.now()): DownloadReporter {
  const last = new Map<string, { phase: string; at: number }>();
  const meter = new SpeedMeter();
  return {
    update(view, reportedSpeed) {
      const speed = meter.speed(view, reportedSpeed, now());
      if (FINISHED.has(view.status)) return;
      const phase = downloadPhase(view);
      const previous = last.get(view.id);
      if (previous?.phase === phase && now() - previous.at < everyMs) return;
      last.set(view.id, { phase, at: now() });
      const rate =
        view.status === 'running' && view.progress.bytesDone > 0 && speed !== undefined
          ? ` · ${formatSpeed(Math.max(0, speed))}`
          : '';
      stderr.write(`${downloadLabel(view.url)}: ${phase} · ${progressSummary(view.progress)}${rate}\n`);
    },
    stop() {},
  };
}

function barReporter(stderr: TextSink): DownloadReporter {
  const multibar = new cliProgress.MultiBar(
    {
      stream: stderr as NodeJS.WritableStream,
      format: '{label} [{bar}] {percentage}% · {phase} · {summary} · {speed}',
      hideCursor: true,
      barsize: 24,
      clearOnComplete: false,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const meter = new SpeedMeter();
  return {
    update(view, reportedSpeed) {
      const { progress } = view;
      const fraction =
        progress.bytesTotal > 0
          ? progress.bytesDone / progress.bytesTotal
          : progress.filesTotal > 0
            ? progress.filesDone / progress.filesTotal
            : 0;
      const finished = FINISHED.has(view.status);
      const speed = meter.speed(view, reportedSpeed);
      const payload = {
        label: downloadLabel(view.url),
        phase: downloadPhase(view),
        summary: progressSummary(progress),
        speed: finished || speed === undefined ? '' : formatSpeed(Math.max(0, speed)),
      };
      const value = Math.round(Math.min(1, finished && view.status === 'completed' ? 1 : fraction) * 1000);
      let bar = bars.get(view.id);
      if (!bar) {
        bar = multibar.create(1000, value, payload);
        bars.set(view.id, bar);
      } else bar.update(value, payload);
    },
    stop() {
      multibar.stop();
    },
  };
}
