// Where the CLI writes. Commands take this instead of touching process.stdout, so output order and
// destination (stdout = results, stderr = progress and errors) are decided in one place.

export interface CliIo {
  /** Results: event lines, JSON lines, totals. */
  out(text: string): void;
  /** Progress, notices and errors. */
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};
