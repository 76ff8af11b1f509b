import { t } from '../i18n/index.ts';
/** Form checks run before sending; the hub validates again and its message wins. */

export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

export const PASSWORD_MIN_LENGTH = 8;
const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,32}$/;

export function validateUsername(username: string): string | undefined {
  const value = username.trim();
  if (value === '') return t('Enter a username.');
  if (!USERNAME_PATTERN.test(value)) return t('Use 3 to 32 letters, digits, dots, dashes or underscores.');
  return undefined;
}

export function validatePassword(password: string): string | undefined {
  if (password === '') return t('Enter a password.');
  if (password.length < PASSWORD_MIN_LENGTH)
    return t('Use at least {{count}} characters.', { count: PASSWORD_MIN_LENGTH });
  return undefined;
}

export function validateSignIn(input: { username: string; password: string }): FieldErrors<'username' | 'password'> {
  return {
    username: input.username.trim() === '' ? t('Enter your username.') : undefined,
    password: input.password === '' ? t('Enter your password.') : undefined,
  };
}

export function validateNewAccount(input: {
  username: string;
  password: string;
  confirm: string;
}): FieldErrors<'username' | 'password' | 'confirm'> {
  return {
    username: validateUsername(input.username),
    password: validatePassword(input.password),
    confirm: input.confirm !== input.password ? t('The two passwords differ.') : undefined,
  };
}

export function validatePasswordChange(input: {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}): FieldErrors<'currentPassword' | 'newPassword' | 'confirm'> {
  return {
    currentPassword: input.currentPassword === '' ? t('Enter your current password.') : undefined,
    newPassword:
      validatePassword(input.newPassword) ??
      (input.newPassword === input.currentPassword
        ? t('Choose a password different from the current one.')
        : undefined),
    confirm: input.confirm !== input.newPassword ? t('The two passwords differ.') : undefined,
  };
}

const EVERY_PATTERN = /^(\d+)\s*(m|h|d)$/;
const MINUTES_PER_UNIT = { m: 1, h: 60, d: 1440 } as const;

/** "6h", "30m", "1d"; at least 5 minutes so Instagram is not hammered. */
export function validateEvery(every: string): string | undefined {
  const match = EVERY_PATTERN.exec(every.trim());
  if (!match) return t('Write an interval such as 30m, 6h or 1d.');
  const minutes = Number(match[1]) * MINUTES_PER_UNIT[match[2] as keyof typeof MINUTES_PER_UNIT];
  if (minutes < 5) return t('Use an interval of at least 5 minutes.');
  return undefined;
}

const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const CRON_NAMES = /^[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3}(-[A-Za-z]{3})?)*$/;

/** Five fields: minute hour day-of-month month day-of-week. */
export function validateCron(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5)
    return t('A cron schedule has five fields: minute hour day month weekday (e.g. 0 */6 * * *).');
  const bad = fields.find((field) => !CRON_FIELD.test(field) && !CRON_NAMES.test(field));
  if (bad) return t('"{{field}}" is not a valid cron field.', { field: bad });
  return undefined;
}

/** "90", "1:30", "1:02:03.5" → seconds; null when it is not a time. */
export function parseTimecode(text: string): number | null {
  const value = text.trim();
  if (value === '') return null;
  if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(value)) return null;
  const parts = value.split(':').map(Number);
  if (parts.slice(1).some((part) => part >= 60)) return null;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

export function validateTrim(input: {
  start: string;
  end: string;
  duration?: number | undefined;
}): FieldErrors<'start' | 'end'> {
  const start = parseTimecode(input.start);
  const end = parseTimecode(input.end);
  const errors: FieldErrors<'start' | 'end'> = {};
  if (start === null) errors.start = t('Write the start as seconds (12.5) or minutes:seconds (1:05).');
  if (input.end.trim() === '') errors.end = t('Enter where the clip should end.');
  else if (end === null) errors.end = t('Write the end as seconds (12.5) or minutes:seconds (1:05).');
  if (start !== null && end !== null && end <= start) errors.end = t('The end must come after the start.');
  if (input.duration && start !== null && start >= input.duration)
    errors.start = t('The start is past the end of the clip.');
  return errors;
}

export const CRF_MIN = 18;
export const CRF_MAX = 35;

/** The hub accepts x264 CRF 18 (near lossless, large) to 35 (small). */
export function validateCrf(crf: string): string | undefined {
  const value = Number(crf);
  if (crf.trim() === '' || !Number.isInteger(value) || value < CRF_MIN || value > CRF_MAX) {
    return t('Quality (CRF) is a whole number from {{min}} (best) to {{max}} (smallest).', {
      min: CRF_MIN,
      max: CRF_MAX,
    });
  }
  return undefined;
}

export function validateSubscriptionTarget(target: string): string | undefined {
  const value = target.trim();
  if (value === '') return t('Enter an Instagram profile link or username.');
  if (/\s/.test(value)) return t('A profile link or username has no spaces.');
  return undefined;
}
