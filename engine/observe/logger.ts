// The server's structured log: one JSON object a line on stdout (or a given stream), level from LOG_LEVEL.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export interface LoggerOptions {
  /** pino level; default LOG_LEVEL, else info. */
  level?: string;
  /** Where lines go (tests capture them); default stdout. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  // A mistyped level must not silence the log or crash the start: say so on the log itself, at info.
  const known = LEVELS.has(level);
  const logger = pino({ level: known ? level : 'info', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, options.destination);
  if (!known) logger.warn({ level }, 'LOG_LEVEL is not a pino level; logging at info');
  return logger;
}

let root: Logger | undefined;

/** The process's logger, made on first use so that LOG_LEVEL set before then applies. */
export function rootLogger(): Logger {
  return (root ??= createLogger());
}

/** Replaces the process's logger (the test suite keeps its own process quiet this way; spawned servers still log). */
export function setRootLogger(logger: Logger): void {
  root = logger;
}
