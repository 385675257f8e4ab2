/** JSON for people: indented, and coloured when the style has colour. */
import { escapeControls } from '../core/text.js';
import type { Style } from './output.js';

/** A JSON string literal that cannot steer a terminal (JSON.stringify leaves C1 and bidi controls raw). */
const literal = (text: string) => escapeControls(JSON.stringify(text), { json: true });

export function renderJson(value: unknown, style: Style): string {
  const pad = (depth: number) => '  '.repeat(depth);
  const render = (node: unknown, depth: number): string => {
    if (Array.isArray(node)) {
      if (node.length === 0) return '[]';
      return `[\n${node.map((item) => pad(depth + 1) + render(item, depth + 1)).join(',\n')}\n${pad(depth)}]`;
    }
    if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      if (entries.length === 0) return '{}';
      const lines = entries.map(([key, item]) => `${pad(depth + 1)}${style.cyan(literal(key))}: ${render(item, depth + 1)}`);
      return `{\n${lines.join(',\n')}\n${pad(depth)}}`;
    }
    if (typeof node === 'string') return style.green(literal(node));
    return style.yellow(JSON.stringify(node) ?? 'null');
  };
  return `${render(value, 0)}\n`;
}

/**
 * Whether `text` may hold an integer too large for a JavaScript number (more
 * than 15 digits), which parsing and printing again would change. Strings of
 * digits can look the same; then the text is shown as it is, which is safe.
 */
export function mayLosePrecision(text: string): boolean {
  return /(?:^|[^\d.eE+-])-?\d{16,}/.test(text);
}
