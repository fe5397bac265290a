// Preloaded (`node --import`) into a `crm` process by the kill test. With CRM_TEST_PAUSE_AFTER set, the engine pauses
// inside the install transaction on a 60-second timer set in engine/plugins/plugin-lifecycle.ts; this writes
// CRM_TEST_PAUSE_MARKER the moment that timer is set, so the test knows the process is paused mid-transaction before
// it kills it (no guessing with a fixed delay). Other 60-second timers (knex's connection acquire timeout) are told
// apart by where they are set.
import { writeFileSync } from 'node:fs';

const marker = process.env.CRM_TEST_PAUSE_MARKER;
const PAUSE_MS = 60_000;

if (marker) {
  const original = globalThis.setTimeout;
  const probe = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    if (ms === PAUSE_MS && /plugins[\\/]plugin-lifecycle\.ts/.test(new Error().stack ?? '')) writeFileSync(marker, String(process.pid));
    return original(callback, ms, ...args);
  };
  globalThis.setTimeout = Object.assign(probe, original) as typeof setTimeout;
}
