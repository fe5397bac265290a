// Door of engine/observe: the structured log and the Prometheus metrics.
export { createLogger, rootLogger, setRootLogger, type Logger, type LoggerOptions } from './logger.ts';
export { requestLog, type RequestLogSource } from './request-log.ts';
export { createMetrics, observeRequest, recordModelReload, type Metrics, type MetricSources, type PoolUse, type JobQueueState } from './metrics.ts';
