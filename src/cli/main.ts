#!/usr/bin/env node
// Entry point of the `herald` command (package.json `bin`). Exit codes: see cli-error.ts.

import { reportError } from './cli-error.js';
import { processIo } from './io.js';
import { buildProgram } from './program.js';

try {
  await buildProgram(processIo).parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err, processIo.err);
}
