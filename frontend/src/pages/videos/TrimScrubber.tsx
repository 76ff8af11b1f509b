import { useTranslation } from 'react-i18next';
import { useRef } from 'react';
import type { HubFile } from '../../api/types.ts';
import { useApi } from '../../hub.tsx';
import { formatDuration } from '../../lib/format.ts';
import { parseTimecode } from '../../lib/validation.ts';

const STEP_SEC = 0.1;

/** Seconds as the trim fields write them: "1.5". */
function asField(seconds: number): string {
  return String(Math.round(seconds * 10) / 10);
}

/** A preview of the clip with two sliders on its timeline: the trim start and end, shown as the video seeks. */
export function TrimScrubber({
  file,
  start,
  end,
  onChange,
}: {
  file: HubFile;
  start: string;
  end: string;
  onChange: (next: { start: string; end: string }) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const video = useRef<HTMLVideoElement>(null);
  const duration = file.duration ?? 0;
  if (!(duration > 0)) return null;
  const startSec = Math.min(duration, Math.max(0, parseTimecode(start) ?? 0));
  const endSec = Math.min(duration, Math.max(0, parseTimecode(end) ?? duration));
  const seek = (seconds: number) => {
    if (video.current) video.current.currentTime = seconds;
  };
  const caption = file.source?.caption?.trim() || file.name;
  return (
    <div className="trim-scrubber" data-testid="trim-scrubber">
      <video ref={video} src={api.files.contentUrl(file.id)} preload="metadata" muted playsInline aria-label={caption}>
        <track kind="captions" />
      </video>
      <label className="trim-range">
        <span>
          {t('Trim start')} {formatDuration(startSec)}
        </span>
        <input
          type="range"
          min={0}
          max={duration}
          step={STEP_SEC}
          value={startSec}
          onChange={(e) => {
            const value = Math.min(Number(e.target.value), Math.max(0, endSec - STEP_SEC));
            onChange({ start: asField(value), end: end || asField(duration) });
            seek(value);
          }}
        />
      </label>
      <label className="trim-range">
        <span>
          {t('Trim end')} {formatDuration(endSec)}
        </span>
        <input
          type="range"
          min={0}
          max={duration}
          step={STEP_SEC}
          value={endSec}
          onChange={(e) => {
            const value = Math.max(Number(e.target.value), startSec + STEP_SEC);
            onChange({ start: start || '0', end: asField(Math.min(duration, value)) });
            seek(Math.min(duration, value));
          }}
        />
      </label>
    </div>
  );
}
