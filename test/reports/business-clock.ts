// The business clock of a demo app for the schedule tests: move it to a due time, read it, run every due job.
import { runDueJobs, setClockOffset } from '../../engine/jobs/index.ts';
import type { DemoApp } from '../helpers/demo-app.ts';

export function businessClock(app: () => DemoApp) {
  const dbNow = async () => new Date(String((await app().sql<{ now: string }>('select now() as now'))[0]!.now));
  return {
    /** Moves the business clock so that it reads `at` plus a minute. */
    to: async (at: Date) => setClockOffset(app().engine.db.knex, app().engine.tenant, Math.ceil((at.getTime() - (await dbNow()).getTime()) / 1000) + 60),
    /** What the business clock reads now. */
    now: async () => {
      const offset = `coalesce((select value::numeric from ${app().table('crm_setting')} where key = 'clock_offset_seconds'), 0)`;
      return new Date(String((await app().sql<{ now: string }>(`select now() + ${offset} * interval '1 second' as now`))[0]!.now));
    },
    /** Runs due jobs until none is left (a clock's jump makes other work due too). */
    runAll: async () => {
      for (let i = 0; i < 30 && (await runDueJobs(app().engine.systemContext())) > 0; i++);
    },
    reset: async () => setClockOffset(app().engine.db.knex, app().engine.tenant, 0),
  };
}
