// A benchmark's Herald server in a child process (the same script, started with `--serve <settings>`),
// so the load generator and the server do not share one event loop. The child answers `{url}` once
// it listens and, when sent 'stop', replies with its own figures (type T) and exits.
// HERALD_BENCH_CPU_PROF=1 writes a V8 CPU profile of the server process into ./.tmp/.

import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ServerProcess<T> {
  url: string;
  child: ChildProcess;
  stop(): Promise<T>;
}

export function forkServerProcess<T>(settings: object): Promise<ServerProcess<T>> {
  const execArgv = [...process.execArgv];
  if (process.env.HERALD_BENCH_CPU_PROF) {
    const dir = join(import.meta.dirname, '..', '..', '.tmp');
    mkdirSync(dir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  const child = fork(process.argv[1], ['--serve', JSON.stringify(settings)], { execArgv, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    child.once('message', (m: { url: string }) => {
      resolve({
        url: m.url,
        child,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('message', (r: T) => done(r));
            child.send('stop');
          }),
      });
    });
  });
}
