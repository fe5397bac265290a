// A buffered writer for high-volume, low-stakes entries (record views): enqueue is synchronous, batches are appended
// in the background, each batch in one transaction and chained like any other append.
import type { Knex } from 'knex';
import { EngineError } from '../core/index.ts';
import type { Tenant } from '../db/index.ts';
import { appendPendingRows } from './append-audit.ts';
import type { AuditEntryInput } from './audit-types.ts';
import { normaliseEntryOrThrow, type PendingAuditRow } from './normalise-entry.ts';

export interface AuditBufferOptions {
  /** Longest an entry waits before its batch is written. Default 500. */
  flushMs?: number;
  /** A batch is written as soon as this many entries wait; also the most rows one transaction writes. Default 200. */
  maxBatch?: number;
  /** While the database refuses writes, entries beyond this many are dropped (and reported). Default 50 × maxBatch. */
  maxQueued?: number;
  /** Background write failures and dropped entries. Default: console.error. */
  onError?: (error: unknown) => void;
}

export interface AuditBuffer {
  /** Checks the entry now (a bad entry throws here, at the caller) and queues it; never touches the database. */
  enqueue(entry: AuditEntryInput): void;
  /** Writes everything queued so far; rejects if the database refuses (the entries stay queued for a retry). */
  flush(): Promise<void>;
  /** Flushes and stops: call it on shutdown, because the timer does not keep the process alive. */
  close(): Promise<void>;
  stats(): { queued: number; dropped: number };
}

export function createAuditBuffer(knex: Knex, tenant: Tenant, options: AuditBufferOptions = {}): AuditBuffer {
  const flushMs = options.flushMs ?? 500;
  const maxBatch = Math.max(1, options.maxBatch ?? 200);
  const maxQueued = Math.max(maxBatch, options.maxQueued ?? maxBatch * 50);
  const onError = options.onError ?? ((e: unknown) => console.error('[audit] buffered entries not written:', e));
  let queue: PendingAuditRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  // Flushes run one after another so batches reach the chain in enqueue order; a flush asked for while another is
  // still waiting to start joins it rather than queueing an empty one.
  let tail: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  let closed = false;
  let dropped = 0;
  let droppingReported = false;
  // After a failed write only the timer retries (every flushMs), instead of every enqueue hammering a sick database.
  let failing = false;

  const schedule = () => {
    if (!timer && !closed && queue.length > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        flush().catch(onError);
      }, flushMs);
      // A forgotten buffer must not keep a CLI process alive; servers call close() on shutdown.
      timer.unref();
    }
  };

  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await appendPendingRows(knex, tenant, batch);
      } catch (e) {
        queue = [...batch, ...queue]; // back in front: order is kept for the retry
        failing = true;
        schedule();
        throw e;
      }
      failing = false;
      droppingReported = false;
    }
  };

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!waiting) {
      const started = tail.then(() => {
        waiting = undefined;
        return drain();
      });
      waiting = started;
      tail = started.catch(() => undefined);
    }
    return waiting;
  }

  function enqueue(entry: AuditEntryInput): void {
    const row = normaliseEntryOrThrow(entry, '');
    if (closed) {
      onError(new EngineError('INTERNAL_ERROR', 'An audit entry was enqueued after the buffer was closed; it was not written'));
      return;
    }
    if (queue.length >= maxQueued) {
      // Memory must stay bounded while the database is away; say so once per outage rather than once per view.
      dropped++;
      if (!droppingReported) onError(new EngineError('DATABASE_BUSY', `The audit buffer is full (${maxQueued} entries); new entries are dropped until a write succeeds`));
      droppingReported = true;
      return;
    }
    queue.push(row);
    if (queue.length >= maxBatch && !failing) flush().catch(onError);
    else schedule();
  }

  async function close(): Promise<void> {
    closed = true;
    await flush();
  }

  return { enqueue, flush, close, stats: () => ({ queued: queue.length, dropped }) };
}
