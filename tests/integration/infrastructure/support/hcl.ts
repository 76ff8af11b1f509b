// A structural reader for Terraform HCL (terraform itself is not installable here): removes comments,
// string contents and heredocs, checks that brackets balance, and lists top-level blocks with their bodies.

export interface HclBlock {
  type: string;
  labels: string[];
  body: string;
  line: number;
}

/** Replaces comments and the contents of strings/heredocs with spaces, keeping line numbers and `${...}`. */
export function blankNonCode(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const heredoc = /^<<-?([A-Z_]+)\n/.exec(rest);
    if (heredoc) {
      const end = new RegExp(`\\n\\s*${heredoc[1]}\\n`).exec(rest);
      const length = end ? end.index + end[0].length : rest.length;
      out += rest.slice(0, length).replace(/[^\n]/g, ' ');
      i += length;
    } else if (rest.startsWith('#') || rest.startsWith('//')) {
      const length = rest.indexOf('\n') === -1 ? rest.length : rest.indexOf('\n');
      out += ' '.repeat(length);
      i += length;
    } else if (rest.startsWith('/*')) {
      const length = rest.indexOf('*/') === -1 ? rest.length : rest.indexOf('*/') + 2;
      out += rest.slice(0, length).replace(/[^\n]/g, ' ');
      i += length;
    } else if (rest.startsWith('"')) {
      let j = 1;
      let text = '"';
      while (j < rest.length && rest[j] !== '"' && rest[j] !== '\n') {
        if (rest[j] === '\\') {
          text += '  ';
          j += 2;
        } else if (rest.startsWith('${', j)) {
          const close = rest.indexOf('}', j);
          text += rest.slice(j, close + 1);
          j = close + 1;
        } else {
          text += ' ';
          j += 1;
        }
      }
      if (rest[j] !== '"') throw new Error(`unterminated string at line ${source.slice(0, i).split('\n').length}`);
      out += `${text}"`;
      i += j + 1;
    } else {
      out += source[i];
      i += 1;
    }
  }
  return out;
}

/** Returns the problems with bracket balance ({}, [], ()), naming the line. */
export function bracketProblems(code: string): string[] {
  const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' };
  const stack: { char: string; line: number }[] = [];
  let line = 1;
  for (const char of code) {
    if (char === '\n') line += 1;
    else if ('{[('.includes(char)) stack.push({ char, line });
    else if (char in pairs) {
      const open = stack.pop();
      if (open?.char !== pairs[char])
        return [`line ${line}: "${char}" closes ${open ? `"${open.char}" from line ${open.line}` : 'nothing'}`];
    }
  }
  return stack.map((open) => `line ${open.line}: "${open.char}" is never closed`);
}

/** Top-level blocks (`resource "aws_x" "name" { ... }`) of a file whose brackets balance. */
export function topLevelBlocks(source: string): HclBlock[] {
  const code = blankNonCode(source);
  const blocks: HclBlock[] = [];
  const header = /^([a-z_]+)((?:\s+"[^"]*")*)\s*\{/gm;
  for (let match = header.exec(code); match; match = header.exec(code)) {
    let depth = 1;
    let i = header.lastIndex;
    for (; i < code.length && depth > 0; i++) depth += code[i] === '{' ? 1 : code[i] === '}' ? -1 : 0;
    const labels = [...source.slice(match.index, header.lastIndex).matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    blocks.push({
      type: match[1]!,
      labels,
      body: source.slice(header.lastIndex, i - 1),
      line: code.slice(0, match.index).split('\n').length,
    });
    header.lastIndex = i;
  }
  return blocks;
}

/** References such as aws_db_instance.postgres, module.eks, var.region, local.tags, data.aws_x.y in code. */
export function references(code: string): string[] {
  const found = code.matchAll(/(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[a-z_][a-z0-9_-]*)/g);
  return [...new Set([...found].map((m) => m[1]!))];
}
