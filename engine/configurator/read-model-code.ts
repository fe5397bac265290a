// Reads a model code's text after the series code back into choices, along the code grammar. The grammar is proven
// unambiguous when a template is saved, so the first complete reading is the only one; when there is none, the
// answer is the furthest place reading got to and the segment it expected there.
import type { CodeGrammar, TokenEdge } from './code-grammar.ts';
import type { Choices, TemplateDocument } from './template-types.ts';

export type ReadResult = { ok: true; choices: Choices } | { ok: false; position: number; segment: number };

export function readModelCode(doc: TemplateDocument, grammar: CodeGrammar, text: string): ReadResult {
  const failed = new Set<number>();
  let furthest = { position: 0, segment: 0 };
  const width = text.length + 1;
  const walk = (node: number, pos: number): TokenEdge[] | undefined => {
    if (node === grammar.accept && pos === text.length) return [];
    if (failed.has(node * width + pos)) return undefined;
    if (pos > furthest.position || (pos === furthest.position && grammar.segmentAt[node]! > furthest.segment)) {
      furthest = { position: pos, segment: grammar.segmentAt[node]! };
    }
    for (const edge of grammar.edges[node]!) {
      if (!text.startsWith(edge.text, pos)) {
        // The first character no option of this segment accepts: past a prefix that did match.
        let same = 0;
        while (same < edge.text.length && text[pos + same] === edge.text[same]) same++;
        if (pos + same > furthest.position) furthest = { position: pos + same, segment: grammar.segmentAt[node]! };
        continue;
      }
      const rest = walk(edge.to, pos + edge.text.length);
      if (rest) return [edge, ...rest];
    }
    for (const to of grammar.skips[node]!) {
      const rest = walk(to, pos);
      if (rest) return rest;
    }
    failed.add(node * width + pos);
    return undefined;
  };
  const path = walk(grammar.start, 0);
  if (!path) return { ok: false, ...furthest };
  const choices: Choices = {};
  for (const edge of path) {
    const segment = doc.segments[edge.segment]!;
    const code = segment.options[edge.option]!.code;
    if (segment.multiple) ((choices[segment.code] ??= []) as string[]).push(code);
    else choices[segment.code] = code;
  }
  return { ok: true, choices };
}
