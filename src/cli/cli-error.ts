// How the CLI fails: one line (or a few) a person can act on, and an exit code a script can test.
//   0  success
//   1  the request failed: server unreachable, refused key, server-side error
//   2  usage error: unknown or missing flag, a value that does not parse (e.g. --payload not JSON)

import { CommanderError } from 'commander';
import { HeraldSdkError, describeValidationDetail } from '../../sdk/index.js';
import { isHeraldError } from '../errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A flag value that does not make sense; reported with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure explained in its message (no stack needed); exit code 1. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** Writes the error to stderr and returns the exit code to use. */
export function reportError(err: unknown, stderr: (text: string) => void): number {
  if (err instanceof CommanderError) {
    // Commander already printed its message (and help); exit code 0 means --help or --version.
    return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (err instanceof UsageError) {
    stderr(`herald: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (isHeraldError(err, 'HERALD_ERR_CONFIG')) {
    stderr(`herald: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof HeraldSdkError) {
    stderr(`herald: ${describeSdkError(err)}\n`);
    return err.code === 'HERALD_SDK_INVALID_EVENT' ? EXIT_USAGE : EXIT_FAILURE;
  }
  if (err instanceof CliFailure) {
    stderr(`herald: ${err.message}\n`);
    return EXIT_FAILURE;
  }
  // Anything else is unexpected: keep the stack for the bug report.
  stderr(`herald: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT_FAILURE;
}

function describeSdkError(err: HeraldSdkError): string {
  switch (err.code) {
    case 'HERALD_SDK_UNREACHABLE':
      return `${err.message}\n  Is the server running? Start one with \`herald server\`, or point --url (HERALD_URL) at it.`;
    case 'HERALD_SDK_UNAUTHORIZED':
      return `${err.message}\n  The server needs an API key: pass --api-key or set HERALD_API_KEY.`;
    case 'HERALD_SDK_HTTP':
      if (Array.isArray(err.detail) && err.detail.length > 0) {
        const lines = describeValidationDetail(err.detail)
          .split('; ')
          .map((l) => `  - ${l}`);
        return `the server rejected the request (${err.status}):\n${lines.join('\n')}`;
      }
      return err.message;
    default:
      return err.message;
  }
}
