// Controls of the flow designer whose value is not complete yet: a formula being typed that does not read (the draft
// keeps the last one that did), a round robin among nobody. Publishing waits until each is complete, so what is
// published is what the controls show. A control reports itself by its JSON pointer and withdraws when complete or closed.
import { createContext, useCallback, useContext, useEffect, useState } from 'react';

type Report = (pointer: string, unfinished: boolean) => void;

export const FlowDraftErrorsContext = createContext<Report>(() => undefined);

/** The designer's side: the pointers of the boxes not read yet, and how they report. */
export function useFlowDraftErrors(): { unfinished: ReadonlySet<string>; report: Report } {
  const [unfinished, setUnfinished] = useState<ReadonlySet<string>>(new Set());
  const report = useCallback<Report>((pointer, bad) => {
    setUnfinished((prev) => {
      if (prev.has(pointer) === bad) return prev;
      const next = new Set(prev);
      if (bad) next.add(pointer);
      else next.delete(pointer);
      return next;
    });
  }, []);
  return { unfinished, report };
}

/** A box's side: says whether its text reads, until it closes. */
export function useReportUnfinished(pointer: string, unfinished: boolean): void {
  const report = useContext(FlowDraftErrorsContext);
  useEffect(() => {
    report(pointer, unfinished);
    return () => report(pointer, false);
  }, [pointer, unfinished, report]);
}
