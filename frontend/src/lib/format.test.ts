// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n/index.ts';
import {
  describeProgress,
  describeWaiting,
  downloadPercent,
  formatBytes,
  formatDate,
  formatDay,
  formatDuration,
  formatNumber,
  formatRelativeTime,
  formatSpeed,
  fractionPercent,
} from './format.ts';

describe('progress formatting', () => {
  it('formats byte counts with decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(1_536_000)).toBe('1.5 MB');
    expect(formatBytes(250_000_000)).toBe('250 MB');
    expect(formatBytes(3.2e12)).toBe('3.2 TB');
    expect(formatBytes(-1)).toBe('—');
  });

  it('formats speed only when it is known and positive', () => {
    expect(formatSpeed(2_500_000)).toBe('2.5 MB/s');
    expect(formatSpeed(0)).toBe('');
    expect(formatSpeed(undefined)).toBe('');
    expect(formatSpeed(Number.NaN)).toBe('');
  });

  it('computes percent from files when there are several, from bytes for one file, else unknown', () => {
    // Byte totals grow as each file starts: 1 of 16 files with its bytes all in is not 100%.
    expect(downloadPercent({ filesDone: 1, filesTotal: 16, bytesDone: 3_600_000, bytesTotal: 3_600_000 })).toBe(6);
    expect(downloadPercent({ filesDone: 1, filesTotal: 4, bytesDone: 750, bytesTotal: 1000 })).toBe(25);
    expect(downloadPercent({ filesDone: 0, filesTotal: 1, bytesDone: 750, bytesTotal: 1000 })).toBe(75);
    expect(downloadPercent({ filesDone: 1, filesTotal: 4, bytesDone: 0, bytesTotal: 0 })).toBe(25);
    expect(downloadPercent({ filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 })).toBeNull();
    expect(downloadPercent({ filesDone: 0, filesTotal: 0, bytesDone: 10, bytesTotal: 5 })).toBe(100);
    expect(downloadPercent(undefined, true)).toBe(100);
    expect(fractionPercent(0.426)).toBe(42);
    expect(fractionPercent(undefined)).toBe(0);
  });

  it('describes files and bytes in words', () => {
    expect(describeProgress({ filesDone: 3, filesTotal: 10, bytesDone: 1_200_000, bytesTotal: 5_000_000 })).toBe(
      '3 of 10 files · 1.2 MB',
    );
    expect(describeProgress({ filesDone: 0, filesTotal: 1, bytesDone: 1_200_000, bytesTotal: 5_000_000 })).toBe(
      '0 of 1 file · 1.2 MB of 5.0 MB',
    );
    expect(describeProgress({ filesDone: 1, filesTotal: 0, bytesDone: 2048, bytesTotal: 0 })).toBe('1 file · 2.0 kB');
    expect(describeProgress({ filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: 0 })).toBe('0 of 1 file');
    expect(describeProgress(undefined)).toBe('Waiting to start');
  });

  // Issue 15, bug 5: "181 MB of 180 MB" and "8.1 MB of 8.1 MB · 14%".
  it('never shows more bytes done than the total, nor a byte total that disagrees with the file count', () => {
    const finished = { filesDone: 126, filesTotal: 126, bytesDone: 181_000_000, bytesTotal: 180_000_000 };
    expect(describeProgress(finished)).toBe('126 of 126 files · 181 MB');
    const midway = { filesDone: 2, filesTotal: 14, bytesDone: 8_100_000, bytesTotal: 8_100_000 };
    expect(describeProgress(midway)).toBe('2 of 14 files · 8.1 MB');
    expect(downloadPercent(midway)).toBe(14);
    const overrun = { filesDone: 0, filesTotal: 1, bytesDone: 5_200_000, bytesTotal: 5_000_000 };
    expect(describeProgress(overrun)).toBe('0 of 1 file · 5.2 MB');
    expect(downloadPercent(overrun)).toBe(100);
  });

  it('says how many posts a profile listing found while it scans (issue 15 bug 10, issue 14)', () => {
    const scanning = { filesDone: 0, filesTotal: 13, bytesDone: 0, bytesTotal: 0, phase: 'scanning' as const };
    expect(describeProgress({ ...scanning, scanned: 1200 })).toBe('Scanning · 1,200 posts found');
    expect(describeProgress({ ...scanning, scanned: 1, filesDone: 4 })).toBe('Scanning · 1 post found · 4 files');
    expect(describeProgress({ ...scanning, scanned: undefined })).toBe('Scanning · 0 posts found');
  });

  it('formats durations', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(65.9)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(undefined)).toBe('');
  });
});

describe('describeWaiting', () => {
  const now = new Date(2026, 11, 6, 13, 0).getTime();
  it('names the time Instagram is waited for, with the date when it is not today', () => {
    const soon = new Date(2026, 11, 6, 14, 5);
    const time = soon.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(describeWaiting(soon.toISOString(), now)).toBe(`Waiting for Instagram until ${time}`);
    const tomorrow = describeWaiting(new Date(2026, 11, 7, 1, 0).toISOString(), now);
    expect(tomorrow).toMatch(/^Waiting for Instagram until .*2026.* /);
  });
  it('says nothing when not waiting or the time has passed', () => {
    expect(describeWaiting(null, now)).toBe('');
    expect(describeWaiting(new Date(now - 1).toISOString(), now)).toBe('');
    expect(describeWaiting('not a date', now)).toBe('');
  });
});

describe('formatting for the active locale (Intl)', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('writes numbers, bytes and durations with the locale’s digits and grouping', () => {
    expect(formatBytes(1_536_000, 'en')).toBe('1.5 MB');
    expect(formatBytes(1_536_000, 'de')).toBe('1,5 MB');
    expect(formatNumber(1200, 'en')).toBe('1,200');
    expect(formatNumber(1200, 'de')).toBe('1.200');
    expect(formatDuration(3723, 'ar-EG')).toBe('١:٠٢:٠٣');
  });

  it('writes dates, days and relative times in Chinese for zh-CN', () => {
    const iso = new Date(2026, 11, 6, 14, 5).toISOString();
    expect(formatDate(iso, 'zh-CN')).toMatch(/^2026年12月6日 14:05$/);
    expect(formatDate(iso, 'en')).toMatch(/^Dec 6, 2026, 2:05\sPM$/);
    expect(formatDay(new Date(2026, 11, 6), 'zh-CN')).toBe('2026年12月6日星期日');
    const now = new Date(2026, 11, 6, 15, 0).getTime();
    expect(formatRelativeTime(new Date(now - 3 * 60_000).toISOString(), now, 'zh-CN')).toBe('3分钟前');
    expect(formatRelativeTime(new Date(now - 3 * 60_000).toISOString(), now, 'en')).toBe('3 minutes ago');
    expect(formatRelativeTime(new Date(now + 2 * 3_600_000).toISOString(), now, 'en')).toBe('in 2 hours');
    expect(formatRelativeTime(new Date(now - 86_400_000).toISOString(), now, 'zh-CN')).toBe('昨天');
    expect(formatRelativeTime('not a date', now, 'en')).toBe('');
  });

  it('follows the switched UI language, with plurals from the library', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(describeProgress({ filesDone: 3, filesTotal: 10, bytesDone: 1_200_000, bytesTotal: 5_000_000 })).toBe(
      '3 / 10 个文件 · 1.2 MB',
    );
    expect(describeProgress(undefined)).toBe('等待开始');
    const scanning = { filesDone: 0, filesTotal: 13, bytesDone: 0, bytesTotal: 0, phase: 'scanning' as const };
    expect(describeProgress({ ...scanning, scanned: 1 })).toBe('正在扫描 · 已找到 1 篇帖子');
    await i18n.changeLanguage('en');
    expect(describeProgress({ ...scanning, scanned: 1 })).toBe('Scanning · 1 post found');
    expect(describeProgress({ ...scanning, scanned: 2 })).toBe('Scanning · 2 posts found');
  });
});
