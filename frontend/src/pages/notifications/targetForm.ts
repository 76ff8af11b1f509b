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
  webhook: 'Webhook',
  ntfy: 'ntfy',
  gotify: 'Gotify',
  discord: 'Discord',
  slack: 'Slack',
  telegram: 'Telegram',
  email: 'E-mail (SMTP)',
};

export const FIELDS: Record<TargetType, FieldSpec[]> = {
  webhook: [{ name: 'url', label: 'Webhook URL', required: true, hint: 'Receives a signed JSON POST per event.' }],
  ntfy: [
    { name: 'url', label: 'Topic URL', required: true, hint: 'e.g. https://ntfy.sh/my-topic' },
    { name: 'token', label: 'Access token', required: false, secret: true },
  ],
  gotify: [
    { name: 'url', label: 'Gotify server URL', required: true },
    { name: 'token', label: 'Application token', required: true, secret: true },
  ],
  discord: [{ name: 'url', label: 'Discord webhook URL', required: true, secret: true }],
  slack: [{ name: 'url', label: 'Slack webhook URL', required: true, secret: true }],
  telegram: [
    { name: 'botToken', label: 'Bot token', required: true, secret: true },
    { name: 'chatId', label: 'Chat id', required: true },
  ],
  email: [
    { name: 'host', label: 'SMTP server', required: true },
    { name: 'port', label: 'Port', required: true, kind: 'number' },
    { name: 'secure', label: 'TLS from the start (port 465)', required: false, kind: 'checkbox' },
    { name: 'username', label: 'SMTP user', required: false },
    { name: 'password', label: 'SMTP password', required: false, secret: true },
    { name: 'from', label: 'From address', required: true },
    { name: 'to', label: 'To address', required: true },
  ],
};

export const EVENT_LABELS: Record<NotificationEvent, string> = {
  'media.new': 'New media archived',
  'download.failed': 'Download failed',
  'subscription.failed': 'Subscription failed or flagged',
  'session.expired': 'Instagram session expired',
  'disk.low': 'Disk space low (admins only)',
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
      if (field.required) errors[field.name] = `Enter the ${field.label.toLowerCase()}.`;
      continue;
    }
    if (field.name === 'url' && !/^https?:\/\/\S+$/i.test(text)) {
      errors[field.name] = 'Enter an http:// or https:// address.';
      continue;
    }
    if (field.kind === 'number') {
      const number = Number(text);
      if (!Number.isInteger(number) || number < 1 || number > 65535) errors[field.name] = 'Enter a port (1–65535).';
      else input[field.name] = number;
      continue;
    }
    input[field.name] = text;
  }
  if (form.events.length === 0) errors.events = 'Choose at least one event.';
  else input.events = form.events;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input };
}
