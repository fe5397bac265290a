// Door of engine/jobs: durable timers on the database, the business clock, the per-process runner.
export { businessNow, businessClockNow, noteBusinessNow, setClockOffset, clockSql } from './clock.ts';
export { scheduleJob, type JobInput } from './schedule-job.ts';
export { registerJobHandler, runDueJobs, type Job, type JobHandler } from './run-due-jobs.ts';
export { startJobRunner, type JobRunner } from './job-runner.ts';
export { jobQueueState } from './job-queue-state.ts';
export { registerDailyJob } from './daily-jobs.ts';
export { nextOccurrence, type ScheduleTiming } from './schedule-occurrence.ts';
