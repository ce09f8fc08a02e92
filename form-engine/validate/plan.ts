// What one validation needs to know about a definition's field tree, computed once at compile
// time: fields by key (for the single copying pass), and which subtrees hold conditions,
// calculations or required fields, so passes skip subtrees where they have nothing to do.
import type { FieldNode } from '../compile/field-node';
import { isBlankText } from './prepare';

export interface PlanNode {
  node: FieldNode;
  /** Children of a group or of a repeat's item, in display order. */
  children: PlanNode[];
  /** The children by key (first in display order wins, as for a field listed twice). */
  byKey: Map<string, PlanNode>;
  /** This field or one below it has x-calculate. */
  calculates: boolean;
  /** This field or one below it has x-visible-when or x-constraints, or is required. */
  checks: boolean;
  /** Whitespace-only text does not answer it when required (prepare.ts isBlankText). */
  blankIsMissing: boolean;
}

export interface Plan {
  roots: PlanNode[];
  byKey: Map<string, PlanNode>;
  calculates: boolean;
}

function index(nodes: PlanNode[]): Map<string, PlanNode> {
  const byKey = new Map<string, PlanNode>();
  for (const p of nodes) if (!byKey.has(p.node.key)) byKey.set(p.node.key, p);
  return byKey;
}

function planNode(node: FieldNode): PlanNode {
  const children = node.widget === 'group' || node.widget === 'repeat' ? node.children.map(planNode) : [];
  return {
    node,
    children,
    byKey: index(children),
    calculates: node.calculate !== undefined || children.some((c) => c.calculates),
    checks: node.visibleWhen !== undefined || node.required || node.rules !== undefined || children.some((c) => c.checks),
    blankIsMissing: isBlankText(node, ' '),
  };
}

export function planOf(nodes: readonly FieldNode[]): Plan {
  const roots = nodes.map(planNode);
  return { roots, byKey: index(roots), calculates: roots.some((r) => r.calculates) };
}
