// Parser for the subset of Go text/template that the Helm chart uses (no helm binary exists here).
// Supported: text, {{- -}} trimming, comments, output pipelines with functions and `|`, variables ($, $x, :=),
// field chains (.a.b, $x.a.b), parenthesised pipelines, string/number/bool literals,
// if / else if / else, range (with 0, 1 or 2 variables) / else, with / else, define, end.
// Anything else is rejected with an error naming the construct and the line, so the chart cannot drift
// into constructs that this test harness would silently misrender.

export type Operand =
  | { kind: 'literal'; value: unknown }
  | { kind: 'field'; path: string[] }
  | { kind: 'variable'; name: string; path: string[] }
  | { kind: 'function'; name: string }
  | { kind: 'pipeline'; pipeline: Pipeline };

export type Command = Operand[];

export interface Pipeline {
  declarations: string[];
  commands: Command[];
}

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'output'; pipeline: Pipeline; line: number }
  | { type: 'if'; branches: { condition: Pipeline; body: TemplateNode[] }[]; otherwise: TemplateNode[]; line: number }
  | { type: 'range'; pipeline: Pipeline; body: TemplateNode[]; otherwise: TemplateNode[]; line: number }
  | { type: 'with'; pipeline: Pipeline; body: TemplateNode[]; otherwise: TemplateNode[]; line: number };

export interface ParsedTemplate {
  body: TemplateNode[];
  defines: Map<string, TemplateNode[]>;
}

type Item = { kind: 'text'; text: string } | { kind: 'action'; source: string; line: number };

export class TemplateSyntaxError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'TemplateSyntaxError';
  }
}

const ACTION = /\{\{(-(?=\s))?([\s\S]*?)((?<=\s)-)?\}\}/g;

function lex(source: string): Item[] {
  const items: Item[] = [];
  let cursor = 0;
  let trimNextText = false;
  for (const match of source.matchAll(ACTION)) {
    let text = source.slice(cursor, match.index);
    if (trimNextText) text = text.replace(/^\s+/, '');
    if (match[1]) text = text.replace(/\s+$/, '');
    if (text) items.push({ kind: 'text', text });
    const line = source.slice(0, match.index).split('\n').length;
    items.push({ kind: 'action', source: (match[2] ?? '').trim(), line });
    trimNextText = Boolean(match[3]);
    cursor = match.index + match[0].length;
  }
  let rest = source.slice(cursor);
  if (trimNextText) rest = rest.replace(/^\s+/, '');
  if (rest) items.push({ kind: 'text', text: rest });
  return items;
}

const TOKEN =
  /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(:=)|([()|,])|(-?\d+(?:\.\d+)?)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|((?:\.[A-Za-z0-9_]+)+|\.)|([A-Za-z_][A-Za-z0-9_]*))/y;

type ExpressionToken = { kind: 'operand'; operand: Operand } | { kind: 'punct'; value: string };

function tokenizeExpression(source: string, fail: (problem: string) => never): ExpressionToken[] {
  const tokens: ExpressionToken[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) fail(`unsupported syntax near "${source.slice(start, start + 20)}"`);
    const [, doubleQuoted, raw, declare, punct, number, variable, field, identifier] = match;
    if (doubleQuoted) tokens.push({ kind: 'operand', operand: { kind: 'literal', value: JSON.parse(doubleQuoted) } });
    else if (raw) tokens.push({ kind: 'operand', operand: { kind: 'literal', value: raw.slice(1, -1) } });
    else if (declare || punct) tokens.push({ kind: 'punct', value: (declare ?? punct)! });
    else if (number) tokens.push({ kind: 'operand', operand: { kind: 'literal', value: Number(number) } });
    else if (variable) {
      const [name, ...path] = variable.split('.');
      tokens.push({ kind: 'operand', operand: { kind: 'variable', name: name!, path } });
    } else if (field) {
      tokens.push({
        kind: 'operand',
        operand: { kind: 'field', path: field === '.' ? [] : field.slice(1).split('.') },
      });
    } else if (identifier === 'true' || identifier === 'false') {
      tokens.push({ kind: 'operand', operand: { kind: 'literal', value: identifier === 'true' } });
    } else if (identifier === 'nil') tokens.push({ kind: 'operand', operand: { kind: 'literal', value: null } });
    else tokens.push({ kind: 'operand', operand: { kind: 'function', name: identifier! } });
  }
  return tokens;
}

function parsePipeline(source: string, fail: (problem: string) => never): Pipeline {
  const tokens = tokenizeExpression(source, fail);
  let position = 0;
  const declarations: string[] = [];
  const declareAt = tokens.findIndex((t) => t.kind === 'punct' && t.value === ':=');
  if (declareAt >= 0) {
    for (const token of tokens.slice(0, declareAt)) {
      if (token.kind === 'punct' && token.value === ',') continue;
      if (token.kind !== 'operand' || token.operand.kind !== 'variable' || token.operand.path.length > 0) {
        fail('only "$name :=" or "$key, $value :=" declarations are supported');
      }
      declarations.push(token.operand.name);
    }
    position = declareAt + 1;
  }
  const readPipeline = (closing: string | undefined): Pipeline => {
    const commands: Command[] = [[]];
    while (position < tokens.length) {
      const token = tokens[position++]!;
      if (token.kind === 'punct') {
        if (token.value === closing) return { declarations: [], commands };
        if (token.value === '|') commands.push([]);
        else if (token.value === '(') commands.at(-1)!.push({ kind: 'pipeline', pipeline: readPipeline(')') });
        else fail(`unexpected "${token.value}"`);
      } else commands.at(-1)!.push(token.operand);
    }
    if (closing) fail(`missing "${closing}"`);
    if (commands.some((command) => command.length === 0)) fail('empty command in pipeline');
    return { declarations: [], commands };
  };
  return { ...readPipeline(undefined), declarations };
}

type Frame =
  | { kind: 'root'; body: TemplateNode[] }
  | { kind: 'define'; name: string; body: TemplateNode[] }
  | { kind: 'if'; node: Extract<TemplateNode, { type: 'if' }>; body: TemplateNode[]; inElse: boolean }
  | { kind: 'range' | 'with'; node: Extract<TemplateNode, { type: 'range' | 'with' }>; body: TemplateNode[] };

/** Parses one template file into nodes plus the `define`d named templates it contains. */
export function parseTemplate(file: string, source: string): ParsedTemplate {
  const defines = new Map<string, TemplateNode[]>();
  const stack: Frame[] = [{ kind: 'root', body: [] }];
  const top = (): Frame => stack.at(-1)!;
  for (const item of lex(source)) {
    if (item.kind === 'text') {
      top().body.push({ type: 'text', text: item.text });
      continue;
    }
    const { line } = item;
    const fail = (problem: string): never => {
      throw new TemplateSyntaxError(file, line, problem);
    };
    const action = item.source;
    if (action.startsWith('/*')) {
      if (!action.endsWith('*/')) fail('unterminated comment');
      continue;
    }
    const [keyword = '', ...restWords] = action.split(/\s+/);
    const rest = action.slice(keyword.length).trim();
    const frame = top();
    if (keyword === 'end') {
      if (frame.kind === 'root') fail('"end" without an open block');
      stack.pop();
      if (frame.kind === 'define') defines.set(frame.name, frame.body);
      continue;
    }
    if (keyword === 'else') {
      if (frame.kind === 'if') {
        const elseIf = restWords[0] === 'if';
        if (frame.inElse) fail('"else" after "else"');
        if (elseIf) {
          const branch = { condition: parsePipeline(rest.slice(2), fail), body: [] };
          frame.node.branches.push(branch);
          frame.body = branch.body;
        } else {
          frame.inElse = true;
          frame.body = frame.node.otherwise;
        }
      } else if (frame.kind === 'range' || frame.kind === 'with') {
        if (rest) fail(`"else ${rest}" is not supported inside ${frame.kind}`);
        frame.body = frame.node.otherwise;
      } else fail('"else" outside if/range/with');
      continue;
    }
    if (keyword === 'if') {
      const branch = { condition: parsePipeline(rest, fail), body: [] as TemplateNode[] };
      const node: Extract<TemplateNode, { type: 'if' }> = { type: 'if', branches: [branch], otherwise: [], line };
      frame.body.push(node);
      stack.push({ kind: 'if', node, body: branch.body, inElse: false });
    } else if (keyword === 'range' || keyword === 'with') {
      const node: Extract<TemplateNode, { type: 'range' | 'with' }> = {
        type: keyword,
        pipeline: parsePipeline(rest, fail),
        body: [],
        otherwise: [],
        line,
      };
      frame.body.push(node);
      stack.push({ kind: keyword, node, body: node.body });
    } else if (keyword === 'define') {
      const name = /^"([^"]+)"$/.exec(rest)?.[1] ?? fail('define needs a quoted name');
      stack.push({ kind: 'define', name, body: [] });
    } else if (['template', 'block', 'break', 'continue'].includes(keyword)) {
      fail(`"${keyword}" is not supported by this renderer; use include`);
    } else {
      frame.body.push({ type: 'output', pipeline: parsePipeline(action, fail), line });
    }
  }
  if (stack.length !== 1)
    throw new TemplateSyntaxError(file, source.split('\n').length, `unclosed "${top().kind}" block`);
  return { body: stack[0]!.body, defines };
}
