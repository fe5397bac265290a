// The model code as a graph of tokens: one node per place between segments (and per "last chosen option" inside a
// multiple segment), one edge per printable option. Decoding walks it; the ambiguity check reads it character by character.
import { DEFAULT_SEPARATOR, type TemplateDocument } from './template-types.ts';

export interface TokenEdge {
  /** The text this choice prints: prefix + code, or (prefix before the first) separator + code for a multiple segment. */
  text: string;
  to: number;
  segment: number;
  option: number;
}

export interface CodeGrammar {
  /** Outgoing token edges per node. */
  edges: TokenEdge[][];
  /** Moves that print nothing: an optional segment left out, or a multiple segment's list ended. */
  skips: number[][];
  /** The segment each node reads next (segments.length at the end). */
  segmentAt: number[];
  start: number;
  accept: number;
}

export function buildCodeGrammar(doc: TemplateDocument): CodeGrammar {
  const separator = doc.separator ?? DEFAULT_SEPARATOR;
  const edges: TokenEdge[][] = [];
  const skips: number[][] = [];
  const segmentAt: number[] = [];
  const node = (segment: number) => {
    edges.push([]);
    skips.push([]);
    segmentAt.push(segment);
    return edges.length - 1;
  };
  // Segment i starts at boundary[i]; the last boundary is the end of the code.
  const boundary = doc.segments.map((_, i) => node(i));
  const accept = node(doc.segments.length);
  boundary.push(accept);
  doc.segments.forEach((segment, i) => {
    const from = boundary[i]!;
    const end = boundary[i + 1]!;
    const prefix = segment.prefix ?? '';
    if (segment.required === false) skips[from]!.push(end);
    if (!segment.multiple) {
      segment.options.forEach((o, j) => edges[from]!.push({ text: prefix + o.code, to: end, segment: i, option: j }));
      return;
    }
    // after[j]: option j was the last one printed; only later options may follow, in the order they are listed.
    const after = segment.options.map(() => node(i));
    segment.options.forEach((o, j) => {
      edges[from]!.push({ text: prefix + separator + o.code, to: after[j]!, segment: i, option: j });
      for (let k = 0; k < j; k++) edges[after[k]!]!.push({ text: separator + o.code, to: after[j]!, segment: i, option: j });
      skips[after[j]!]!.push(end);
    });
  });
  return { edges, skips, segmentAt, start: boundary[0]!, accept };
}
