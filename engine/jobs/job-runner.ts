// Each server process polls for due jobs; several processes share the work through SKIP LOCKED.
import type { RequestContext } from '../core/index.ts';
import { runDueJobs } from './run-due-jobs.ts';

export interface JobRunner {
  /** Runs what is due now (tests call this instead of waiting for the poll). */
  runOnce(): Promise<number>;
  /** No new job starts; resolves when the one running has committed (its claim ends with its transaction). */
  stop(): Promise<void>;
}

export function startJobRunner(context: () => RequestContext, options: { intervalMs?: number; onError?: (e: unknown) => void } = {}): JobRunner {
  let running: Promise<number> | undefined;
  let stopped = false;
  const runOnce = () => (running ??= runDueJobs(context(), undefined, () => stopped).finally(() => (running = undefined)));
  const timer = setInterval(() => {
    if (!stopped) runOnce().catch(options.onError ?? ((e) => console.error('jobs:', e)));
  }, options.intervalMs ?? 5000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
