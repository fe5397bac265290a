// CPU time a process has used so far (user + system), from /proc: how much work each server did per request,
// which the machine's noise disturbs much less than requests per second.
import { readFileSync } from 'node:fs';

// Linux reports it in clock ticks of 1/100 s on every architecture Node runs on here (USER_HZ).
const TICKS_PER_SECOND = 100;

/** Seconds of CPU, or NaN where /proc is not available. */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
