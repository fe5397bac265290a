// A flow drawn as a graph: its states as nodes (labelled with the state field's options), its transitions as edges
// labelled with their action labels, and an approval's outcomes as dashed edges; laid out top to bottom by dagre.
// Dragging from a state's lower handle to another state starts a new transition between them.
import { useMemo } from 'react';
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import dagre from '@dagrejs/dagre';
import type { FlowDoc } from '../api/flows-api';
import type { EnumOption, ErrorDetail } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { problemCounts, type FlowSelection } from './flow-problems';

export type { FlowSelection } from './flow-problems';

interface Props {
  doc: FlowDoc;
  stateOptions: EnumOption[];
  selection?: FlowSelection;
  onSelect(selection: FlowSelection): void;
  /** The server's refusal: each state and transition it names is marked, with its number of problems. */
  problems?: readonly ErrorDetail[];
  /** An edge drawn from one state to another: the start of a new transition. */
  onConnect?(from: string, to: string): void;
}

const NODE_W = 150;
const NODE_H = 44;

export function FlowDiagram({ doc, stateOptions, selection, onSelect, problems = [], onConnect }: Props) {
  const { t, label } = useI18n();
  const { nodes, edges } = useMemo(() => {
    const optionLabel = (s: string) => label(stateOptions.find((o) => o.code === s)?.labels, s);
    const marks = problemCounts(problems);
    const graph = new dagre.graphlib.Graph({ multigraph: true });
    graph.setGraph({ rankdir: 'TB', nodesep: 60, ranksep: 70, edgesep: 20 });
    graph.setDefaultEdgeLabel(() => ({}));
    // A state the draft deleted but the server still names (it holds records) is drawn, so its refusal has a place.
    const removed = [...marks.states.keys()].filter((s) => !doc.states?.[s]);
    const states = [...flowOrder(doc), ...removed];
    for (const s of states) graph.setNode(s, { width: NODE_W, height: NODE_H });
    const edges: Edge[] = [];
    (doc.transitions ?? []).forEach((tr: FlowDoc, i: number) => {
      for (const from of tr.from ?? []) {
        const id = `t${i}:${from}`;
        graph.setEdge(from, tr.to, {}, id);
        const picked = selection?.kind === 'transition' && selection.index === i;
        const wrong = marks.transitions.get(i);
        edges.push({
          id,
          source: from,
          target: tr.to,
          label: wrong ? `⚠ ${label(tr.labels, tr.action)}` : label(tr.labels, tr.action),
          data: { index: i },
          markerEnd: { type: MarkerType.ArrowClosed },
          className: ['flow-edge', picked ? 'flow-edge-selected' : '', wrong ? 'flow-edge-problem' : ''].filter(Boolean).join(' '),
          labelBgPadding: [6, 3],
        });
      }
    });
    const starts = (doc.transitions ?? []).filter((tr: FlowDoc) => tr.approval).map((tr: FlowDoc) => tr.to as string);
    const approval = doc.approval;
    if (approval) {
      for (const from of new Set<string>(starts)) {
        const outcomes: [string, string][] = [[approval.approved, t('flows.outcome.approved')], [approval.rejected, t('flows.outcome.rejected')], ...((approval.rejectTo ?? []) as string[]).map((s): [string, string] => [s, t('flows.outcome.rejectTo')])];
        for (const [to, text] of outcomes) {
          const id = `a:${from}:${to}:${text}`;
          graph.setEdge(from, to, {}, id);
          edges.push({ id, source: from, target: to, label: text, data: { approval: true }, animated: true, markerEnd: { type: MarkerType.ArrowClosed }, className: 'flow-edge flow-edge-approval' });
        }
      }
    }
    dagre.layout(graph);
    const nodes: Node[] = states.map((s) => {
      const p = graph.node(s);
      const st = doc.states[s] ?? {};
      const picked = selection?.kind === 'state' && selection.state === s;
      const wrong = marks.states.get(s);
      const text = optionLabel(s);
      return {
        id: s,
        position: { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 },
        data: {
          label: wrong ? (
            <span data-testid={`flow-node-problem-${s}`} title={t('flows.problems.count', { count: wrong })}>
              ⚠ {text} <span className="flow-problem-count">{wrong}</span>
            </span>
          ) : (
            text
          ),
        },
        style: { width: NODE_W },
        className: ['flow-node', removed.includes(s) ? 'flow-node-removed' : '', st.final ? 'flow-node-final' : '', st.locked ? 'flow-node-locked' : '', starts.includes(s) ? 'flow-node-approval' : '', picked ? 'flow-node-selected' : '', wrong ? 'flow-node-problem' : ''].filter(Boolean).join(' '),
        connectable: !!onConnect && !removed.includes(s),
        draggable: true,
      };
    });
    return { nodes, edges };
  }, [doc, stateOptions, selection, label, t, problems, onConnect]);

  return (
    <div className="flow-diagram" data-testid="flow-diagram">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        fitView
        nodesConnectable={!!onConnect}
        onConnect={(c) => c.source && c.target && onConnect?.(c.source, c.target)}
        onNodeClick={(_, n) => onSelect({ kind: 'state', state: n.id })}
        onEdgeClick={(_, e) => onSelect(e.data?.approval ? { kind: 'approval' } : { kind: 'transition', index: e.data!.index as number })}
      >
        <Background gap={16} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** States in the order a record meets them (from the first transition's start), so the layout reads top down
 * whatever order the stored document keeps its keys in; states no transition reaches come last. */
function flowOrder(doc: FlowDoc): string[] {
  const all = Object.keys(doc.states ?? {});
  const transitions: FlowDoc[] = doc.transitions ?? [];
  const start: string | undefined = transitions[0]?.from?.[0];
  const order: string[] = start && all.includes(start) ? [start] : [];
  for (let i = 0; i < order.length; i++) {
    for (const tr of transitions) {
      const next = tr.from?.includes(order[i]) ? [tr.to, ...(tr.approval && doc.approval ? [doc.approval.approved, doc.approval.rejected] : [])] : [];
      for (const s of next) if (all.includes(s) && !order.includes(s)) order.push(s);
    }
  }
  return [...order, ...all.filter((s) => !order.includes(s))];
}
