// Which of the server's problems belong to one control of the flow designer, by JSON pointer: an effect row
// (/states/negotiation/effects/probability), a timer (/timers/2/after), a notification (/transitions/1/notify/0/title).
// No imports: the units run it under node as it is.
interface Located {
  pointer?: string;
  path?: string;
}

/** The problems at or under `pointer` (`/timers/2` takes `/timers/2/after`, not `/timers/20`). */
export function problemsUnder<P extends Located>(problems: readonly P[], pointer: string): P[] {
  return problems.filter((p) => {
    const at = p.pointer ?? p.path ?? '';
    return at === pointer || at.startsWith(`${pointer}/`);
  });
}
