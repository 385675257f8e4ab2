/**
 * Text from outside (a server's reason or header, a name in a file) printed
 * in our own words. One function makes it harmless on a terminal, one keeps
 * credentials out of what is printed.
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

export const MASK = '[redacted]';

/**
 * `text` with each of `secrets` replaced by MASK in every form a server may
 * echo it in (credentialForms), longest first, so no part of one is left.
 */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  const forms = [...secrets].filter((secret) => secret.length >= 4).flatMap(credentialForms);
  for (const form of forms.sort((a, b) => b.length - a.length)) {
    if (out.includes(form)) out = out.split(form).join(MASK);
  }
  return out;
}

const formsOf = new Map<string, string[]>();

/**
 * The forms a credential takes in what a server sends back: as it is;
 * JSON-escaped (and with "/" as "\/", as some encoders write it);
 * URL-encoded (upper- and lower-case hex, "+" for a space); and base64 and
 * base64url, padded or not, at each of the three places it can start inside
 * a longer encoded text ("Bearer <token>" encoded whole): there the first
 * and last characters depend on the bytes around it, so the part between
 * them is the form.
 */
export function credentialForms(secret: string): string[] {
  let forms = formsOf.get(secret);
  if (forms) return forms;
  const json = JSON.stringify(secret).slice(1, -1);
  const url = encodeURIComponent(secret);
  const candidates = [secret, json, json.replaceAll('/', '\\/'), url, url.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), url.replaceAll('%20', '+')];
  const bytes = Buffer.from(secret, 'utf8');
  const encoded: string[] = [];
  for (const encoding of ['base64', 'base64url'] as const) {
    const whole = bytes.toString(encoding);
    encoded.push(whole, whole.replace(/=+$/, ''));
    for (let offset = 0; offset < 3; offset++) {
      const shifted = Buffer.concat([Buffer.alloc(offset), bytes]).toString(encoding).replace(/=+$/, '');
      encoded.push(shifted.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6)));
    }
  }
  // An encoded form shorter than 8 characters could be anything: a short secret is masked as it is only.
  forms = [...new Set([...candidates, ...encoded.filter((form) => form.length >= 8)])].filter((form) => form.length >= 4);
  formsOf.set(secret, forms);
  return forms;
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
