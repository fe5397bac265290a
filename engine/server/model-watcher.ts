// Several server processes share a tenant: when one installs a plugin or applies an admin's field, the others see
// the model state change in the database and rebuild their Model, so the change is live everywhere, no restart.
import { qualified, queryRows } from '../db/index.ts';
import type { Engine } from './open-engine.ts';

export interface ModelWatcher {
  /** Checks once now (tests; after this process's own change it finds nothing new). */
  check(): Promise<boolean>;
  stop(): void;
}

export function watchModel(engine: Engine, options: { intervalMs?: number; onError?: (e: unknown) => void } = {}): ModelWatcher {
  let seen: string | undefined;
  let checking: Promise<boolean> | undefined;
  const read = async () => (await queryRows<{ value: string }>(engine.db.knex, `select value from ${qualified(engine.tenant, 'crm_setting')} where key = 'model_state'`))[0]?.value;
  const check = () =>
    (checking ??= (async () => {
      const state = await read();
      // Unchanged, or changed by this very process, whose Model already stands for it: nothing to rebuild.
      if (seen === undefined || state === seen || state === engine.modelState()) {
        seen = state;
        return false;
      }
      seen = state;
      await engine.reloadModel(state);
      return true;
    })().finally(() => (checking = undefined)));
  void check().catch(() => undefined);
  const timer = setInterval(() => void check().catch(options.onError ?? ((e) => console.error('model reload:', e))), options.intervalMs ?? 3000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
