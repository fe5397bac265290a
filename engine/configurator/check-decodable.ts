// Proof that every model code of a template reads back one way only. The code grammar is a finite automaton over
// characters; two different readings of one text are two different accepting paths with the same word. Running the
// automaton against itself (pairs of states, plus a flag once the two paths have taken different choices) finds such
// a pair of paths exactly when one exists, so an empty answer is a proof, and a non-empty one carries a witness.
import { buildCodeGrammar, type TokenEdge } from './code-grammar.ts';
import type { TemplateDocument } from './template-types.ts';

export interface DecodeProblem {
  pointer: string;
  message: string;
}

interface CharMove {
  ch: string;
  to: number;
  /** The token (choice) the character belongs to; two paths differ where their tags differ. */
  tag: number;
}

export function checkDecodable(doc: TemplateDocument): DecodeProblem[] {
  const grammar = buildCodeGrammar(doc);
  const tokens: TokenEdge[] = [];
  const moves: CharMove[][] = grammar.edges.map(() => []);
  const skips: number[][] = grammar.skips.map((s) => [...s]);
  grammar.edges.forEach((out, from) => {
    for (const edge of out) {
      const tag = tokens.push(edge) - 1;
      let at = from;
      [...edge.text].forEach((ch, i, all) => {
        const to = i === all.length - 1 ? edge.to : moves.push([]) - 1;
        if (to >= skips.length) skips.push([]);
        moves[at]!.push({ ch, to, tag });
        at = to;
      });
    }
  });
  const n = moves.length;
  const key = (p: number, q: number, d: number) => (p * n + q) * 2 + d;
  const parent = new Map<number, { prev: number; left?: number; right?: number; ch?: string }>();
  const start = key(grammar.start, grammar.start, 0);
  const goal = key(grammar.accept, grammar.accept, 1);
  parent.set(start, { prev: -1 });
  const queue = [start];
  const visit = (k: number, step: { prev: number; left?: number; right?: number; ch?: string }) => {
    if (parent.has(k)) return;
    parent.set(k, step);
    queue.push(k);
  };
  for (let head = 0; head < queue.length && !parent.has(goal); head++) {
    const k = queue[head]!;
    const d = k % 2;
    const p = Math.floor(k / 2 / n);
    const q = Math.floor(k / 2) % n;
    for (const p2 of skips[p]!) visit(key(p2, q, d), { prev: k });
    for (const q2 of skips[q]!) visit(key(p, q2, d), { prev: k });
    for (const a of moves[p]!) {
      for (const b of moves[q]!) {
        if (a.ch !== b.ch) continue;
        visit(key(a.to, b.to, d || a.tag !== b.tag ? 1 : 0), { prev: k, left: a.tag, right: b.tag, ch: a.ch });
      }
    }
  }
  if (!parent.has(goal)) return [];
  return [witness(doc, tokens, parent, goal)];
}

function witness(
  doc: TemplateDocument,
  tokens: TokenEdge[],
  parent: Map<number, { prev: number; left?: number; right?: number; ch?: string }>,
  goal: number,
): DecodeProblem {
  const steps: { left?: number; right?: number; ch?: string }[] = [];
  for (let k = goal; k !== -1; k = parent.get(k)!.prev) steps.unshift(parent.get(k)!);
  const chars = steps.filter((s) => s.ch !== undefined);
  const reading = (side: 'left' | 'right') => {
    const tags = chars.map((s) => s[side]!).filter((t, i, all) => i === 0 || all[i - 1] !== t);
    return tags.map((t) => `${doc.segments[tokens[t]!.segment]!.code}=${doc.segments[tokens[t]!.segment]!.options[tokens[t]!.option]!.code}`).join(' ');
  };
  const first = chars.find((s) => s.left !== s.right)!;
  const at = tokens[first.right!]!;
  const text = doc.code + chars.map((s) => s.ch).join('');
  return {
    pointer: `/segments/${at.segment}/options/${at.option}/code`,
    message: `the model code "${text}" reads two ways (${reading('left')} | ${reading('right')}); change a code, a prefix or the separator`,
  };
}
