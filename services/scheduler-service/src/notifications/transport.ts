/**
 * Sends what senders.ts built: HTTP requests with Node's http client (its `lookup` is the SSRF guard, so every
 * connection, not just the URL given at create time, must reach a public address unless private URLs are
 * allowed) and e-mail with nodemailer.
 */
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, type Resolver, systemResolver } from '@smh/shared/net/egress-guard';
import nodemailer from 'nodemailer';
import type { EmailSpec, HttpRequestSpec, SendSpec } from './senders.js';

export interface SendResult {
  /** The HTTP status (HTTP targets); null for e-mail. */
  httpStatus: number | null;
  ok: boolean;
  /** Why it did not work, short enough for the delivery log. */
  error: string | null;
}

export interface Transport {
  send(spec: SendSpec): Promise<SendResult>;
}

export interface TransportOptions {
  allowPrivateUrls: boolean;
  resolver?: Resolver;
  timeoutMs?: number;
}

const MAX_ERROR_BODY = 300;

export function createTransport(options: TransportOptions): Transport {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const lookup = options.allowPrivateUrls ? undefined : guardedLookup(options.resolver ?? systemResolver);

  function sendHttp(spec: HttpRequestSpec): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      const url = new URL(spec.url);
      const client = url.protocol === 'https:' ? https : http;
      const request = client.request(
        url,
        {
          method: spec.method,
          headers: { ...spec.headers, 'content-length': String(Buffer.byteLength(spec.body)) },
          timeout: timeoutMs,
          ...(lookup ? { lookup } : {}),
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (text.length < MAX_ERROR_BODY) text += chunk;
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const ok = status >= 200 && status < 300;
            resolve({
              httpStatus: status,
              ok,
              error: ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, MAX_ERROR_BODY).trim()}` : ''}`,
            });
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      request.on('error', reject);
      request.end(spec.body);
    });
  }

  async function sendEmail(spec: EmailSpec): Promise<SendResult> {
    const transporter = nodemailer.createTransport({
      ...spec.transport,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      await transporter.sendMail(spec.mail);
      return { httpStatus: null, ok: true, error: null };
    } finally {
      transporter.close();
    }
  }

  return {
    send: (spec) => (spec.kind === 'http' ? sendHttp(spec) : sendEmail(spec)),
  };
}
