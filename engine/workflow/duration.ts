// ISO-8601 durations as timers use them: days, hours, minutes (P3D, PT2H, P1DT4H30M). Months are not allowed:
// an SLA of "one month" is ambiguous; write the days.
const DURATION = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** Seconds, or undefined when the text is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const [, d, h, min] = m;
  return (Number(d ?? 0) * 24 * 60 + Number(h ?? 0) * 60 + Number(min ?? 0)) * 60;
}
