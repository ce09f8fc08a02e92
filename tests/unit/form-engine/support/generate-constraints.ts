// Why: the generated verdict corpus must cover cross-field rules (`x-constraints`) too. This adds
// rules to a generated definition after the fact, from its own random stream (seeded from the
// definition), so the definitions and submissions the other generators make stay exactly as they
// were. Rules compare a number or date field with an earlier, unconditional, uncalculated field of
// the same scope (the root and its groups, or the same repeat row) or with a constant, as authors do.
import { compileDefinition, type Definition, type FieldNode } from '../../../../form-engine/index';
import { compare } from './constraint-cases';
import { seeded, type Random } from './random';

const OPERATORS = ['<=', '<', '>=', '>', '==', '!='] as const;
const message = { km: 'ចម្លើយនេះមិនស្របនឹងចម្លើយផ្សេង', en: 'This answer does not agree with another one' };

function kindOf(node: FieldNode): 'number' | 'date' | null {
  if (node.widget === 'number') return 'number';
  if (node.widget === 'date') return 'date';
  return null;
}

function nameOf(node: FieldNode): string {
  return node.inRepeat ? `row.${node.key}` : node.path;
}

function addRules(nodes: readonly FieldNode[], r: Random, earlier: FieldNode[]): void {
  for (const node of nodes) {
    if (node.widget === 'group') {
      addRules(node.children, r, earlier);
      continue;
    }
    if (node.widget === 'repeat') {
      addRules(node.children, r, []);
      continue;
    }
    const kind = kindOf(node);
    if (!kind) continue;
    const peers = earlier.filter((n) => kindOf(n) === kind && n.type === node.type);
    if (r.chance(0.4)) {
      const op = r.pick(OPERATORS);
      const self = nameOf(node);
      const rule = peers.length && r.chance(0.7)
        ? compare(op, self, nameOf(r.pick(peers)))
        : kind === 'number'
          ? compare(op, self, r.int(0, 20))
          : { or: [{ missing: [self] }, { [op]: [{ var: self }, r.pick(['2026-01-01', '2026-06-15'])] }] };
      node.schema['x-constraints'] = [{ rule, message }];
    }
    if (!node.visibleWhen && !node.calculate) earlier.push(node);
  }
}

export function withConstraints(definition: Definition): Definition {
  const r = seeded(JSON.stringify(definition).length * 7919);
  addRules(compileDefinition(definition), r, []);
  return definition;
}
