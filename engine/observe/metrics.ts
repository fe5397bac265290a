// Prometheus metrics. Per process: request counts and latencies by route pattern and status class, model reloads and
// Node's default metrics. Per app, read when scraped: database pool, job queue depth and lag, current model version.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const processRegistry = new Registry();
let defaultsOn = false;

const requests = new Counter({
  name: 'crm_http_requests_total',
  help: 'HTTP requests answered, by route pattern, method and status class',
  labelNames: ['route', 'method', 'status_class'] as const,
  registers: [processRegistry],
});
const latency = new Histogram({
  name: 'crm_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route pattern, method and status class',
  labelNames: ['route', 'method', 'status_class'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});
const reloads = new Counter({ name: 'crm_model_reloads_total', help: 'Times this process replaced its Model (plugin, admin change, another process)', registers: [processRegistry] });

export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  const labels = { route, method, status_class: `${Math.floor(status / 100)}xx` };
  requests.inc(labels);
  latency.observe(labels, seconds);
}

export function recordModelReload(): void {
  reloads.inc();
}

export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
}

export interface JobQueueState {
  /** Jobs due on the business clock and not yet run. */
  due: number;
  /** Seconds since the oldest of them fell due (0 when none). */
  lagSeconds: number;
}

/** What the app reads when scraped. */
export interface MetricSources {
  pool(): PoolUse;
  jobQueue(): Promise<JobQueueState>;
  modelVersion(): string;
}

export interface Metrics {
  contentType: string;
  /** The exposition text: this process's metrics, then the app's. */
  scrape(): Promise<string>;
}

export function createMetrics(sources: MetricSources): Metrics {
  if (!defaultsOn) {
    collectDefaultMetrics({ register: processRegistry });
    defaultsOn = true;
  }
  const registry = new Registry();
  new Gauge({
    name: 'crm_db_pool_connections',
    help: 'Database connections by state (PGlite is one connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const use = sources.pool();
      for (const state of ['total', 'idle', 'waiting'] as const) this.set({ state }, use[state]);
    },
  });
  // One query answers both job gauges; the first collect starts it and the second reuses it.
  let reading: Promise<JobQueueState> | undefined;
  const queue = () => (reading ??= sources.jobQueue().finally(() => setImmediate(() => (reading = undefined))));
  new Gauge({
    name: 'crm_jobs_due',
    help: 'Jobs due on the business clock and not yet run',
    registers: [registry],
    async collect() {
      this.set((await queue()).due);
    },
  });
  new Gauge({
    name: 'crm_jobs_lag_seconds',
    help: 'Age of the oldest due job that has not run (0 when none)',
    registers: [registry],
    async collect() {
      this.set((await queue()).lagSeconds);
    },
  });
  new Gauge({
    name: 'crm_model_info',
    help: 'The Model version in force (value is always 1)',
    labelNames: ['version'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.set({ version: sources.modelVersion() }, 1);
    },
  });
  return {
    contentType: registry.contentType,
    scrape: async () => `${await processRegistry.metrics()}\n${await registry.metrics()}`,
  };
}
