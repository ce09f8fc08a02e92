// One check for every text a client sends: no NUL character and no unpaired UTF-16 surrogate, in any
// string or key of a JSON body, query string or route parameter, and in GraphQL string literals.
// PostgreSQL cannot store either (22021, 22P05, 22P02), so without this they surfaced as INTERNAL.
import type { FastifyInstance } from 'fastify';
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';
import { Problem } from '../core/problems';

// String.prototype.isWellFormed (ES2024, Node 20) finds unpaired surrogates without a regex scan.
type WellFormed = string & { isWellFormed(): boolean };

export function isBadText(value: string): boolean {
  return value.includes('\u0000') || !(value as WellFormed).isWellFormed();
}

/** Arrays and plain objects (fastify's query object has a bare prototype); never buffers or streams. */
function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/** Whether any string or key below `root` is bad: the hot path (every request), no paths built. */
function hasBadText(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (isBadText(value)) return true;
    } else if (value !== null && typeof value === 'object' && isPlain(value)) {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (isBadText(key)) return true;
        stack.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** The dotted path of the first bad string or key, or null. Iterative, so deep JSON cannot overflow. */
export function findBadText(root: unknown, rootPath = ''): string | null {
  if (!hasBadText(root)) return null;
  const stack: Array<{ value: unknown; path: string }> = [{ value: root, path: rootPath }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (isBadText(value)) return path;
    } else if (value !== null && typeof value === 'object' && isPlain(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (isBadText(key)) return childPath;
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return null;
}

export function badTextProblem(path: string): Problem {
  const message = {
    en: 'Text may not contain a NUL character or a broken Unicode character.',
    km: 'អត្ថបទមិនអាចមានតួអក្សរ NUL ឬតួអក្សរយូនីកូដខូចបានទេ។',
  };
  return new Problem('BAD_INPUT', { message, errors: [{ path, keyword: 'text', message }] });
}

/** Refuses bad text in bodies, query strings and parameters before any handler sees them. */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
      const path = findBadText(value);
      // The path inside the body is what the client sent (`variables.input.data.name`).
      if (path !== null) throw badTextProblem(part === 'body' ? path : `${part}.${path}`);
    }
  });
}

/** The same check for string literals written into a GraphQL document. */
export function badTextRule(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      if (isBadText(node.value)) {
        const problem = badTextProblem('query');
        context.reportError(new GraphQLError(problem.message, { nodes: [node], originalError: problem }));
      }
    },
  };
}
