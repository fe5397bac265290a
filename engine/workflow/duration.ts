// ISO-8601 durations as timers use them: days, hours, minutes (P3D, PT2H, P1DT4H30M). Months are not allowed:
// an SLA of "one month" is ambiguous; write the days. A leading minus counts back from a date field ("-P7D": a
// reminder a week before a due date).
const DURATION = /^(-?)P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** Seconds, or undefined when the text is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const [, sign, d, h, min] = m;
  return (sign ? -1 : 1) * (Number(d ?? 0) * 24 * 60 + Number(h ?? 0) * 60 + Number(min ?? 0)) * 60;
}
