// E-mail over SMTP with nodemailer. The SSRF guard applies here too: the host is resolved and
// checked by Herald, and nodemailer connects to that checked address (TLS still verifies the
// certificate against the configured host name through `servername`).
//
// Failure model: SMTP 4xx replies and connection trouble are transient (ActionRetry, retried on the
// schedule); 5xx replies (bad recipient, authentication refused), TLS failures and anything else
// are final (ActionFailed). Nodemailer's own timers bound each stage by `webhookTimeout`.

import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { DestinationRecord } from '../../storage/automation-store.js';
import { ActionFailed, ActionRetry } from '../types.js';
import { BlockedAddressError, resolveAllowed } from '../webhook/ssrf.js';
import { NOTIFICATION_FAILED, type NotificationMessage, type NotifyContext } from './http.js';

export interface EmailConfig {
  host: string;
  port: number;
  secure: boolean;
  starttls: 'opportunistic' | 'required' | 'disabled';
  username: string | null;
  from: string;
  to: string[];
}

const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** True when retrying may help: an SMTP 4xx reply or a connection-level failure. */
export function isTransientSmtpError(err: SmtpError): boolean {
  if (typeof err.responseCode === 'number') return err.responseCode >= 400 && err.responseCode < 500;
  return err.code !== undefined && TRANSIENT_CODES.has(err.code);
}

export async function sendEmail(
  ctx: NotifyContext,
  destination: DestinationRecord,
  message: NotificationMessage,
): Promise<Record<string, unknown>> {
  const c = destination.config as unknown as EmailConfig;
  const password = (destination.secrets as { password?: string }).password;
  const fail = (err: SmtpError): never => {
    const log = `SMTP ${c.host}:${c.port}: ${err.message ?? err.code ?? 'unknown error'}`;
    const details: Record<string, unknown> = { notification_log: log };
    if (err.responseCode !== undefined) details.smtp_response_code = err.responseCode;
    const reason = `${NOTIFICATION_FAILED} (e-mail): ${err.message ?? err.code}`;
    if (isTransientSmtpError(err)) throw new ActionRetry(reason, { details, related: ctx.related });
    throw new ActionFailed(reason, details, ctx.related);
  };

  let address: string;
  try {
    address = await resolveAllowed(c.host, ctx.settings.webhookAllowPrivateNetworks);
  } catch (err) {
    if (err instanceof BlockedAddressError) return fail({ code: 'EBLOCKED', message: err.message });
    return fail({ code: (err as SmtpError).code ?? 'EDNS', message: (err as Error).message });
  }

  const timeout = ctx.settings.webhookTimeout;
  const transport = createTransport({
    host: address,
    port: c.port,
    secure: c.secure,
    requireTLS: c.starttls === 'required',
    ignoreTLS: c.starttls === 'disabled',
    servername: isIP(c.host) === 0 ? c.host : undefined,
    auth: c.username ? { user: c.username, pass: password ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
    // Message content comes from templates: never let it point nodemailer at files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({ from: c.from, to: c.to, subject: message.subject, text: message.body });
    return { message_id: info.messageId, accepted: info.accepted.map(String) };
  } catch (err) {
    return fail(err as SmtpError);
  } finally {
    transport.close();
  }
}
