/**
 * Static checks of the frontend's sources for the i18n tests (not shipped): literal UI text left in TSX, and the
 * keys the code passes to t() / msg(). Uses the TypeScript parser, so comments and type positions never count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Props that carry words a person reads (or hears through a screen reader). */
const TEXT_PROPS = new Set(['title', 'placeholder', 'alt', 'label', 'legend', 'hint', 'message', 'summary']);
const ARIA_TEXT = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'aria-roledescription',
  'aria-placeholder',
]);
const isTextProp = (name: string): boolean =>
  TEXT_PROPS.has(name) || ARIA_TEXT.has(name) || /(Label|Title|Text|Message)$/.test(name);

/** Words in any script; a bare symbol such as "·", "×" or "%" is not UI text. */
const hasWords = (text: string): boolean => /\p{L}{2,}/u.test(text);

export interface LiteralText {
  file: string;
  line: number;
  text: string;
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** Is this string the direct value shown by a JSX child expression or a text prop (not an argument to a call)? */
export function shownDirectly(node: ts.Node): boolean {
  let current: ts.Node = node;
  while (current.parent) {
    const parent = current.parent;
    if (ts.isJsxExpression(parent)) {
      const owner = parent.parent;
      if (ts.isJsxAttribute(owner)) {
        const name = owner.name.getText();
        return isTextProp(name);
      }
      return true; // a child: {cond ? 'Text' : null}
    }
    // The value flows through these unchanged; anything else (a call, a comparison, an index) is not shown text.
    const passesThrough =
      (ts.isConditionalExpression(parent) && parent.condition !== current) ||
      ts.isParenthesizedExpression(parent) ||
      (ts.isBinaryExpression(parent) &&
        [
          ts.SyntaxKind.BarBarToken,
          ts.SyntaxKind.QuestionQuestionToken,
          ts.SyntaxKind.AmpersandAmpersandToken,
        ].includes(parent.operatorToken.kind) &&
        parent.right === current) ||
      ts.isTemplateSpan(parent) ||
      ts.isTemplateExpression(parent);
    if (passesThrough) {
      current = parent;
      continue;
    }
    return false;
  }
  return false;
}

/** Literal UI text in one TSX source: JSX text, text props given a string, strings shown from JSX expressions. */
export function findLiteralText(file: string, code: string): LiteralText[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: LiteralText[] = [];
  const report = (node: ts.Node, text: string) => found.push({ file, line: lineOf(source, node), text: text.trim() });
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText();
      if (isTextProp(name) && hasWords(node.initializer.text)) report(node, node.initializer.text);
    } else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && hasWords(node.text)) {
      if (shownDirectly(node)) report(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
      if (hasWords(parts) && shownDirectly(node)) report(node, parts);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The keys passed as a literal first argument to t(), i18n.t() or msg(). */
export function findUsedKeys(file: string, code: string): string[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const keys: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : '';
      const first = node.arguments[0];
      if (
        (name === 't' || name === 'msg') &&
        first &&
        (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))
      )
        keys.push(first.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return keys;
}

/** Every .ts/.tsx file under `dir` except tests and test helpers. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.split(path.sep).includes('test'))
    .map((file) => path.join(dir, file))
    .sort();
}

export function readSource(file: string): string {
  return readFileSync(file, 'utf8');
}
