/** JSON for people: indented, and coloured when the style has colour. */
import type { Style } from './output.js';

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
      const lines = entries.map(([key, item]) => `${pad(depth + 1)}${style.cyan(JSON.stringify(key))}: ${render(item, depth + 1)}`);
      return `{\n${lines.join(',\n')}\n${pad(depth)}}`;
    }
    if (typeof node === 'string') return style.green(JSON.stringify(node));
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
