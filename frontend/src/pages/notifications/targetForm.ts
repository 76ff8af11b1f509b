import { msg, t } from '../../i18n/index.ts';
/** The "add target" form: which fields each type asks for, and the request body it makes. Pure. */
import type { NotificationEvent, NotificationTargetInput, TargetType } from '../../api/notificationTypes.ts';

export interface FieldSpec {
  name: string;
  label: string;
  required: boolean;
  secret?: boolean;
  kind?: 'text' | 'number' | 'checkbox';
  hint?: string;
}

export const TYPE_LABELS: Record<TargetType, string> = {
  webhook: msg('Webhook'),
  ntfy: msg('ntfy'),
  gotify: msg('Gotify'),
  discord: msg('Discord'),
  slack: msg('Slack'),
  telegram: msg('Telegram'),
  email: msg('E-mail (SMTP)'),
};

export const FIELDS: Record<TargetType, FieldSpec[]> = {
  webhook: [
    { name: 'url', label: msg('Webhook URL'), required: true, hint: msg('Receives a signed JSON POST per event.') },
  ],
  ntfy: [
    { name: 'url', label: msg('Topic URL'), required: true, hint: msg('e.g. https://ntfy.sh/my-topic') },
    { name: 'token', label: msg('Access token'), required: false, secret: true },
  ],
  gotify: [
    { name: 'url', label: msg('Gotify server URL'), required: true },
    { name: 'token', label: msg('Application token'), required: true, secret: true },
  ],
  discord: [{ name: 'url', label: msg('Discord webhook URL'), required: true, secret: true }],
  slack: [{ name: 'url', label: msg('Slack webhook URL'), required: true, secret: true }],
  telegram: [
    { name: 'botToken', label: msg('Bot token'), required: true, secret: true },
    { name: 'chatId', label: msg('Chat id'), required: true },
  ],
  email: [
    { name: 'host', label: msg('SMTP server'), required: true },
    { name: 'port', label: msg('Port'), required: true, kind: 'number' },
    { name: 'secure', label: msg('TLS from the start (port 465)'), required: false, kind: 'checkbox' },
    { name: 'username', label: msg('SMTP user'), required: false },
    { name: 'password', label: msg('SMTP password'), required: false, secret: true },
    { name: 'from', label: msg('From address'), required: true },
    { name: 'to', label: msg('To address'), required: true },
  ],
};

export const EVENT_LABELS: Record<NotificationEvent, string> = {
  'media.new': msg('New media archived'),
  'download.failed': msg('Download failed'),
  'subscription.failed': msg('Subscription failed or flagged'),
  'session.expired': msg('Instagram session expired'),
  'disk.low': msg('Disk space low (admins only)'),
};

/** Checked by default: everything a user may choose (disk.low is for admins, who tick it themselves). */
const DEFAULT_EVENTS: NotificationEvent[] = ['media.new', 'download.failed', 'subscription.failed', 'session.expired'];

export interface TargetFormState {
  type: TargetType;
  name: string;
  values: Record<string, string | boolean>;
  events: NotificationEvent[];
}

export function emptyForm(type: TargetType = 'webhook'): TargetFormState {
  return {
    type,
    name: '',
    values: type === 'email' ? { port: '587' } : {},
    events: [...DEFAULT_EVENTS],
  };
}

/** Field errors (by field name), or the request body. */
export function buildTargetInput(
  form: TargetFormState,
): { ok: true; input: NotificationTargetInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const input: NotificationTargetInput = { type: form.type };
  if (form.name.trim()) input.name = form.name.trim();
  for (const field of FIELDS[form.type]) {
    const raw = form.values[field.name];
    if (field.kind === 'checkbox') {
      if (raw === true) input[field.name] = true;
      continue;
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (!text) {
      if (field.required) errors[field.name] = t('Enter the {{field}}.', { field: t(field.label).toLowerCase() });
      continue;
    }
    if (field.name === 'url' && !/^https?:\/\/\S+$/i.test(text)) {
      errors[field.name] = t('Enter an http:// or https:// address.');
      continue;
    }
    if (field.kind === 'number') {
      const number = Number(text);
      if (!Number.isInteger(number) || number < 1 || number > 65535) errors[field.name] = t('Enter a port (1–65535).');
      else input[field.name] = number;
      continue;
    }
    input[field.name] = text;
  }
  if (form.events.length === 0) errors.events = t('Choose at least one event.');
  else input.events = form.events;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}
