// The Go-template subset evaluator used to render the Helm chart: it must behave like Go/Helm where it matters.
import { describe, expect, it } from 'vitest';
import { GoTemplateEngine, TemplateRenderError, TemplateSyntaxError } from './support/go-template.js';

const render = (source: string, root: unknown = {}) => new GoTemplateEngine().render('t.yaml', source, root);

describe('GoTemplateEngine', () => {
  it('substitutes fields and variables, and trims whitespace at {{- and -}}', () => {
    expect(
      render('a: {{ .Values.x }}\n{{- if true }}\nb: {{ $.Values.y.z }}{{ end -}}\n\n', {
        Values: { x: 1, y: { z: 'q' } },
      }),
    ).toBe('a: 1\nb: q');
  });

  it('ranges over maps in sorted key order with $key, $value and over lists', () => {
    expect(render('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', { m: { b: 2, a: 1 } })).toBe('a=1;b=2;');
    expect(render('{{ range .l }}[{{ . }}]{{ else }}none{{ end }}', { l: ['x', 'y'] })).toBe('[x][y]');
    expect(render('{{ range .l }}[{{ . }}]{{ else }}none{{ end }}', { l: [] })).toBe('none');
  });

  it('applies Go truthiness in if/else if/else and with', () => {
    const t = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}|{{ with .c }}{{ .d }}{{ else }}-{{ end }}';
    expect(render(t, { a: 0, b: '', c: {} })).toBe('C|-');
    expect(render(t, { a: [], b: 'yes', c: { d: 4 } })).toBe('B|4');
  });

  it('pipes values into the last argument and supports the Sprig functions the chart uses', () => {
    expect(
      render(
        '{{ .p | quote }} {{ default "d" .missing }} {{ .n | upper | replace "-" "_" }} {{ printf "%s:%v" "a" 8 }}',
        {
          p: 8080,
          n: 'video-service',
        },
      ),
    ).toBe('"8080" d VIDEO_SERVICE a:8');
    expect(render('x:{{ toYaml .o | nindent 2 }}', { o: { b: ['ALL'], a: 'off' } })).toBe(
      'x:\n  b:\n    - ALL\n  a: "off"',
    );
  });

  it('includes defined templates with a dict as dot', () => {
    const engine = new GoTemplateEngine();
    engine.load('_h.tpl', '{{- define "lbl" -}}name: {{ .name }}{{- end }}');
    expect(engine.render('t', '{{ include "lbl" (dict "name" "x") | nindent 4 }}', {})).toBe('\n    name: x');
  });

  it('evaluates and/or lazily like Go, and fails on field access through nil', () => {
    expect(render('{{ if and .a .a.enabled }}on{{ else }}off{{ end }}', {})).toBe('off');
    expect(() => render('{{ .a.enabled }}', {})).toThrow(/nil pointer evaluating \.a\.enabled/);
  });

  it('reports required values, printed maps and unknown functions with file and line', () => {
    expect(() => render('\n{{ required "need x" .x }}', {})).toThrow(TemplateRenderError);
    expect(() => render('\n{{ required "need x" .x }}', {})).toThrow(/t\.yaml:2: need x/);
    expect(() => render('{{ .m }}', { m: { a: 1 } })).toThrow(/toYaml/);
    expect(() => render('{{ sha256sum .x }}', { x: 'a' })).toThrow(/"sha256sum" is not supported/);
  });

  it('rejects constructs it does not implement and unbalanced blocks', () => {
    expect(() => render('{{ template "x" . }}')).toThrow(TemplateSyntaxError);
    expect(() => render('{{ if .a }}open')).toThrow(/unclosed "if"/);
    expect(() => render('{{ end }}')).toThrow(/without an open block/);
  });
});
