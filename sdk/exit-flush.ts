// Delivering what is left when a process ends (Prefect drains its worker at interpreter exit, [compat S8.2]).
// `beforeExit` fires when Node has nothing left to do — e.g. the worker is waiting (on unref'd
// timers) to reconnect. We then hold the process open with one ref'd handle until the queue is
// acknowledged or the deadline passes; events still unacknowledged are reported, never dropped
// silently. (`exit` itself cannot wait for I/O, so an explicit process.exit() skips this: call
// `await worker.close()` first.)

import type { Clock } from './clock.js';
import { HeraldSdkError } from './errors.js';

export interface ExitFlushHooks {
  pendingCount(): number;
  flush(): Promise<void>;
  /** Stops the worker; returns how many events were still unacknowledged. */
  destroy(): number;
  report(err: HeraldSdkError): void;
}

/** Installs the hook; returns its uninstaller. */
export function installExitFlush(hooks: ExitFlushHooks, clock: Clock, timeoutMs: number): () => void {
  let running = false;
  const onBeforeExit = () => {
    if (running || hooks.pendingCount() === 0) return;
    running = true;
    // Only a ref'd handle keeps the loop alive; its timing comes from the clock, not from it.
    const keepAlive = setInterval(() => {}, 60_000);
    const finish = (lost: number) => {
      clearInterval(keepAlive);
      if (lost > 0) {
        hooks.report(
          new HeraldSdkError(
            'HERALD_SDK_FLUSH_TIMEOUT',
            `Process exiting: ${lost} events were not acknowledged by Herald within ${timeoutMs} ms and are lost`,
            { undelivered: lost },
          ),
        );
      }
    };
    const deadline = clock.setTimeout(() => finish(hooks.destroy()), timeoutMs);
    hooks.flush().then(
      () => {
        deadline.cancel();
        finish(hooks.destroy());
      },
      () => {}, // destroyed at the deadline: already reported by finish()
    );
  };
  process.on('beforeExit', onBeforeExit);
  return () => process.off('beforeExit', onBeforeExit);
}
