// Static checks of a Handlebars template: syntax, only our helpers, no partials, no prototype names, no {{{raw}}}.
import Handlebars from 'handlebars';
import type { RuleProblem } from '../types.ts';
import { FORBIDDEN_NAMES } from '../limits.ts';
import { BLOCK_HELPERS, HANDLEBARS_BUILT_INS, HELPER_ARITY, VALUE_HELPERS } from './template-helpers.ts';

export interface TemplateProblem extends RuleProblem {
  /** 1-based line and 0-based column of the offending expression in the template. */
  line: number;
  column: number;
}

export const MAX_TEMPLATE_LENGTH = 10_000;
const VALUE = new Set<string>(VALUE_HELPERS);
const BLOCK = new Set<string>(BLOCK_HELPERS);

type Node = { type: string; loc?: { start: { line: number; column: number } } } & Record<string, unknown>;

export function checkTemplate(source: string, opts: { allowTripleStash?: boolean } = {}): TemplateProblem[] {
  if (typeof source !== 'string') return [{ pointer: '', message: 'a template is text', line: 1, column: 0 }];
  if (source.length > MAX_TEMPLATE_LENGTH) {
    return [{ pointer: '', message: `the template is longer than ${MAX_TEMPLATE_LENGTH} characters`, line: 1, column: 0 }];
  }
  let ast: Node;
  try {
    ast = Handlebars.parse(source) as unknown as Node;
  } catch (e) {
    const m = /line (\d+)/.exec((e as Error).message);
    return [{ pointer: '', message: `syntax error: ${(e as Error).message.split('\n')[0]}`, line: m ? Number(m[1]) : 1, column: 0 }];
  }
  const problems: TemplateProblem[] = [];
  const report = (node: Node, message: string, expected?: string) => {
    const { line, column } = node.loc?.start ?? { line: 1, column: 0 };
    problems.push(expected === undefined ? { pointer: '', message, line, column } : { pointer: '', message, expected, line, column });
  };

  const visitPath = (path: Node) => {
    const parts = (path.parts as string[]) ?? [];
    const bad = parts.find((part) => FORBIDDEN_NAMES.has(part));
    if (bad !== undefined) report(path, `"${bad}" is not allowed in a template`);
    else if (!path.data && parts.length === 1 && HANDLEBARS_BUILT_INS.has(parts[0]!)) report(path, `"${parts[0]}" is a Handlebars built-in, not allowed in templates`, [...VALUE_HELPERS, ...BLOCK_HELPERS].join(', '));
  };

  const checkArity = (node: Node, name: string, count: number) => {
    const arity = HELPER_ARITY[name];
    if (!arity || (count >= arity[0] && count <= arity[1])) return;
    const wanted = arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} to ${arity[1]}`;
    report(node, `"${name}" takes ${wanted} argument${arity[1] === 1 ? '' : 's'}, not ${count}`);
  };

  const visitCall = (node: Node, block: boolean) => {
    const path = node.path as Node;
    const params = (node.params as Node[]) ?? [];
    const pairs = ((node.hash as Node | undefined)?.pairs as Node[] | undefined) ?? [];
    if (path.type !== 'PathExpression') {
      report(node, 'a literal cannot be called as a helper');
    } else {
      const name = path.original as string;
      const isHelperCall = block || params.length > 0 || pairs.length > 0 || node.type === 'SubExpression';
      if (block && !BLOCK.has(name)) report(node, `unknown block helper "${name}"`, BLOCK_HELPERS.join(', '));
      else if (!block && BLOCK.has(name)) report(node, `"${name}" is a block helper: write {{#${name} …}}…{{/${name}}}`);
      else if (!block && isHelperCall && !VALUE.has(name) && !HANDLEBARS_BUILT_INS.has(name)) report(node, `unknown helper "${name}"`, VALUE_HELPERS.join(', '));
      // Our helpers are known to the compiler, so even a bare {{upper}} is a call (with no arguments).
      else if (BLOCK.has(name) || VALUE.has(name)) checkArity(node, name, params.length);
      visitPath(path);
    }
    params.forEach(visit);
    pairs.forEach((pair) => visit(pair.value as Node));
  };

  const visit = (node: Node | null | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        (node.body as Node[]).forEach(visit);
        return;
      case 'MustacheStatement':
        if (node.escaped === false && !opts.allowTripleStash) report(node, 'unescaped output ({{{…}}} or {{& …}}) is not allowed here');
        return visitCall(node, false);
      case 'SubExpression':
        return visitCall(node, false);
      case 'BlockStatement':
        visitCall(node, true);
        visit(node.program as Node);
        visit(node.inverse as Node);
        return;
      case 'PathExpression':
        return visitPath(node);
      case 'ContentStatement':
      case 'CommentStatement':
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
      case 'UndefinedLiteral':
      case 'NullLiteral':
        return;
      default:
        report(node, `${node.type.replace(/Statement|Block/g, '').toLowerCase() || 'this construct'}s are not allowed in templates`);
    }
  };
  visit(ast);
  return problems;
}
