// Structured logging (pino). Secrets never reach the log: the Authorization header, cookies, API keys,
// tokens and database URLs (which may carry a password) are redacted wherever they appear.

import { pino, type Logger, type LoggerOptions } from 'pino';

/** Paths pino replaces with "[Redacted]" (fast-redact syntax; `*` matches one level). */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'pageTokenSecret',
  '*.pageTokenSecret',
  'databaseUrl',
  '*.databaseUrl',
  'password',
  '*.password',
  'secret',
  '*.secret',
];

export interface LoggerSettings {
  logLevel: string;
}

/** The process logger; `destination` is for tests that want to read what was logged. */
export function createLogger(settings: LoggerSettings, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level: settings.logLevel,
    base: { service: 'herald' },
    redact: { paths: redactPaths, censor: '[Redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
