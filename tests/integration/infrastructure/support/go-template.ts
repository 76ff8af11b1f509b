// Evaluator for the Go-template subset parsed by go-template-parser.ts, with the Sprig/Helm functions the chart uses.
// Mirrors Go's semantics where a Helm user would notice: truthiness, sorted map ranges, lazy and/or,
// field access through nil fails ("nil pointer evaluating"), printing a map/list is an error.
import { stringify } from 'yaml';
import { parseTemplate, type Command, type Operand, type Pipeline, type TemplateNode } from './go-template-parser.js';

export { TemplateSyntaxError } from './go-template-parser.js';

export class TemplateRenderError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'TemplateRenderError';
  }
}

type Scope = Map<string, unknown>;
interface Context {
  dot: unknown;
  scopes: Scope[];
  file: string;
  line: number;
}

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Go template truthiness: false, 0, nil, "" and empty lists/maps are false. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return Object.keys(value).length > 0;
  return true;
}

function goString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`cannot print a ${Array.isArray(value) ? 'list' : 'map'} directly; use toYaml`);
}

function printf(format: string, ...args: unknown[]): string {
  let index = 0;
  return format.replace(/%([%sdvq])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[index++];
    if (verb === 'q') return JSON.stringify(goString(arg));
    if (verb === 'd' && typeof arg !== 'number')
      throw new Error(`printf %d needs a number, got ${JSON.stringify(arg)}`);
    return goString(arg);
  });
}

const indentLines = (width: number, text: string): string =>
  text
    .split('\n')
    .map((line) => ' '.repeat(width) + line)
    .join('\n');

export class GoTemplateEngine {
  private readonly defines = new Map<string, TemplateNode[]>();
  private readonly functions: Record<string, (...args: unknown[]) => unknown>;

  constructor() {
    this.functions = {
      include: (name, dot) => {
        const body = this.defines.get(String(name));
        if (!body) throw new Error(`include: no template named "${String(name)}"`);
        return this.renderNodes(body, {
          dot,
          scopes: [new Map([['$', dot]])],
          file: `define ${String(name)}`,
          line: 0,
        });
      },
      // Helm's toYaml emits YAML 1.1 (go-yaml): strings like off/yes/on are quoted so they stay strings.
      toYaml: (value) =>
        value === undefined || value === null ? '' : stringify(value, { version: '1.1' }).replace(/\n$/, ''),
      nindent: (width, text) => `\n${indentLines(Number(width), goString(text))}`,
      indent: (width, text) => indentLines(Number(width), goString(text)),
      quote: (...values) => values.map((value) => JSON.stringify(goString(value))).join(' '),
      default: (fallback, value) => (isTruthy(value) ? value : fallback),
      required: (message, value) => {
        if (value === undefined || value === null || value === '') throw new Error(String(message));
        return value;
      },
      dict: (...pairs) => {
        if (pairs.length % 2 !== 0) throw new Error('dict needs key/value pairs');
        const result: Record<string, unknown> = {};
        for (let i = 0; i < pairs.length; i += 2) result[goString(pairs[i])] = pairs[i + 1];
        return result;
      },
      index: (collection, ...keys) =>
        keys.reduce<unknown>((value, key) => {
          if (!isMap(value) && !Array.isArray(value)) throw new Error(`index of ${JSON.stringify(value)}`);
          return (value as Record<string, unknown>)[String(key)];
        }, collection),
      printf: (format, ...args) => printf(goString(format), ...args),
      upper: (text) => goString(text).toUpperCase(),
      lower: (text) => goString(text).toLowerCase(),
      replace: (from, to, text) => goString(text).split(goString(from)).join(goString(to)),
      trimSuffix: (suffix, text) => {
        const s = goString(text);
        return s.endsWith(goString(suffix)) ? s.slice(0, -goString(suffix).length) : s;
      },
      eq: (a, b) => a === b,
      ne: (a, b) => a !== b,
      not: (value) => !isTruthy(value),
    };
  }

  /** Registers the `define`s of a helper file (e.g. _helpers.tpl); its body text is ignored like Helm does. */
  load(file: string, source: string): void {
    for (const [name, body] of parseTemplate(file, source).defines) this.defines.set(name, body);
  }

  /** Renders one template file with `root` as `.` and `$`; its own `define`s are registered first. */
  render(file: string, source: string, root: unknown): string {
    const parsed = parseTemplate(file, source);
    for (const [name, body] of parsed.defines) this.defines.set(name, body);
    return this.renderNodes(parsed.body, { dot: root, scopes: [new Map([['$', root]])], file, line: 1 });
  }

  private renderNodes(nodes: TemplateNode[], context: Context): string {
    let out = '';
    for (const node of nodes) out += this.renderNode(node, context);
    return out;
  }

  private renderNode(node: TemplateNode, context: Context): string {
    if (node.type === 'text') return node.text;
    const here: Context = { ...context, line: node.line };
    const fail = (error: unknown): never => {
      if (error instanceof TemplateRenderError) throw error;
      throw new TemplateRenderError(context.file, node.line, error instanceof Error ? error.message : String(error));
    };
    try {
      switch (node.type) {
        case 'output': {
          const value = this.evaluatePipeline(node.pipeline, here);
          if (node.pipeline.declarations.length > 0) {
            context.scopes.at(-1)!.set(node.pipeline.declarations[0]!, value);
            return '';
          }
          return goString(value);
        }
        case 'if': {
          for (const branch of node.branches) {
            if (isTruthy(this.evaluatePipeline(branch.condition, here)))
              return this.inScope(branch.body, here, here.dot);
          }
          return this.inScope(node.otherwise, here, here.dot);
        }
        case 'with': {
          const value = this.evaluatePipeline(node.pipeline, here);
          return isTruthy(value) ? this.inScope(node.body, here, value) : this.inScope(node.otherwise, here, here.dot);
        }
        case 'range':
          return this.renderRange(node, here);
      }
    } catch (error) {
      return fail(error);
    }
  }

  private renderRange(node: Extract<TemplateNode, { type: 'range' }>, context: Context): string {
    const collection = this.evaluatePipeline(node.pipeline, context);
    const entries: [unknown, unknown][] = Array.isArray(collection)
      ? collection.map((value, index) => [index, value])
      : isMap(collection)
        ? Object.keys(collection)
            .sort()
            .map((key) => [key, collection[key]])
        : collection === undefined || collection === null
          ? []
          : (() => {
              throw new Error(`range over ${JSON.stringify(collection)}`);
            })();
    if (entries.length === 0) return this.inScope(node.otherwise, context, context.dot);
    const [first, second] = node.pipeline.declarations;
    return entries
      .map(([key, value]) => {
        const vars: [string, unknown][] = second
          ? [
              [first!, key],
              [second, value],
            ]
          : first
            ? [[first, value]]
            : [];
        return this.inScope(node.body, context, value, vars);
      })
      .join('');
  }

  private inScope(body: TemplateNode[], context: Context, dot: unknown, vars: [string, unknown][] = []): string {
    return this.renderNodes(body, { ...context, dot, scopes: [...context.scopes, new Map(vars)] });
  }

  private evaluatePipeline(pipeline: Pipeline, context: Context): unknown {
    let piped: { value: unknown } | undefined;
    for (const command of pipeline.commands) piped = { value: this.evaluateCommand(command, context, piped) };
    return piped?.value;
  }

  private evaluateCommand(command: Command, context: Context, piped: { value: unknown } | undefined): unknown {
    const [head, ...args] = command;
    if (head?.kind === 'function') {
      if (head.name === 'and' || head.name === 'or') return this.lazyLogic(head.name, args, context, piped);
      const fn = this.functions[head.name];
      if (!fn) throw new Error(`function "${head.name}" is not supported by this renderer`);
      const values = args.map((arg) => this.evaluateOperand(arg, context));
      if (piped) values.push(piped.value);
      return fn(...values);
    }
    if (command.length !== 1 || piped) throw new Error('only a function can take arguments or a piped value');
    return this.evaluateOperand(head!, context);
  }

  private lazyLogic(
    name: 'and' | 'or',
    args: Operand[],
    context: Context,
    piped: { value: unknown } | undefined,
  ): unknown {
    const thunks = args.map((arg) => () => this.evaluateOperand(arg, context));
    if (piped) thunks.push(() => piped.value);
    let value: unknown;
    for (const thunk of thunks) {
      value = thunk();
      if (name === 'and' ? !isTruthy(value) : isTruthy(value)) return value;
    }
    return value;
  }

  private evaluateOperand(operand: Operand, context: Context): unknown {
    switch (operand.kind) {
      case 'literal':
        return operand.value;
      case 'pipeline':
        return this.evaluatePipeline(operand.pipeline, context);
      case 'field':
        return walk(context.dot, operand.path, '.');
      case 'variable': {
        const scope = [...context.scopes].reverse().find((s) => s.has(operand.name));
        if (!scope) throw new Error(`undefined variable "${operand.name}"`);
        return walk(scope.get(operand.name), operand.path, operand.name);
      }
      case 'function':
        return this.evaluateCommand([operand], context, undefined);
    }
  }
}

function walk(start: unknown, path: string[], origin: string): unknown {
  let value = start;
  let walked = origin;
  for (const key of path) {
    if (value === undefined || value === null) throw new Error(`nil pointer evaluating ${walked}.${key}`);
    if (!isMap(value)) throw new Error(`can't evaluate field ${key} in ${typeof value} ${walked}`);
    value = value[key];
    walked = `${walked === '.' ? '' : walked}.${key}`;
  }
  return value;
}
