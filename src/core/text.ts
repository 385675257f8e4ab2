/**
 * Text from outside (a server's reason or header, a name in a file) printed
 * in our own words, made harmless on a terminal (credentials are kept out of
 * it by core/masking.ts).
 */

/**
 * C0 and C1 control characters (escape sequences, carriage returns, bells)
 * and the bidirectional controls that reorder what is shown (U+202A-U+202E,
 * U+2066-U+2069, the marks U+200E, U+200F and U+061C).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export interface EscapeOptions {
  /** Keep line breaks and tabs (a body of several lines); by default they are escaped too (a message stays one line). */
  keepLayout?: boolean;
  /** Write every escape as \uXXXX, valid inside a JSON string. */
  json?: boolean;
  /** Keep the colour sequences our own Style writes (terminal/output.ts), and no other: text for a terminal with colour on. */
  keepStyle?: boolean;
}

/**
 * The SGR sequences terminal/output.ts's Style writes (chalk at level 1:
 * bold, dim, red, green, yellow, cyan and their resets): colour only, never
 * a cursor move, a title, a clipboard write or hidden text.
 */
const STYLE_SEQUENCE = /^\u001b\[(?:1|2|22|31|32|33|36|39)m/;

/** `text` with every character that could steer a terminal shown as an escape instead: "\x1b", "\u202e". */
export function escapeControls(text: string, options: EscapeOptions = {}): string {
  return text.replace(UNSAFE, (char, at: number) => {
    if (options.keepStyle && char === '\u001b' && STYLE_SEQUENCE.test(text.slice(at, at + 5))) return char;
    if (options.keepLayout && (char === '\n' || char === '\t')) return char;
    const code = char.charCodeAt(0);
    return code < 0x100 && !options.json ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
