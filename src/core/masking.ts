/**
 * Keeps credentials out of text without keeping the credentials.
 *
 * A long-lived server (`proxy`, `mcp`) must mask the client secret in
 * whatever a server echoes long after the mint that read it, yet should not
 * hold the secret between mints. So the Masker keeps, for every form of a
 * value (credentialForms), only its length and hashes: a rolling hash of its
 * first four characters, and two polynomial hashes of the whole form with
 * odd bases drawn at random for this process. A text is scanned once: where
 * a window's rolling hash is one of those prefixes, the stretch after it is
 * hashed and compared, and a match is masked. A form always matches itself,
 * so nothing added is missed; an unrelated stretch that happens to match is
 * masked for nothing. The hashes keep 64 bits of a form that has far more (a
 * Zoom client secret is 32 random letters and digits), so the value cannot
 * be read back from them.
 *
 * Arithmetic is 32-bit (Math.imul, wrapping): a MiB is scanned in a few
 * milliseconds. Hashing a token's forms costs about 4 ms in a new process,
 * before the JIT has warmed up, so a value the caller holds anyway (a token)
 * may be added for later (addLater): it is hashed when a text long enough to
 * hold it is first masked, which a cached `token` never does. No
 * node:crypto: it costs milliseconds to load.
 */

export const MASK = '[redacted]';

/** Values shorter than this are not masked: they could be anything. It is also the prefix the scan looks for. */
const SHORTEST = 4;

/** An odd 32-bit base for a polynomial hash, random so that no server can aim at a collision. */
const randomBase = () => (Math.floor(Math.random() * 0x100000000) | 1) | 0;

/** The polynomial hash (mod 2^32) of `text` from `start` to `end` with `base`. */
function polynomialHash(text: string, start: number, end: number, base: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, base) + text.charCodeAt(i)) | 0;
  return hash;
}

interface Form {
  length: number;
  /** The whole form's hashes with the two bases. */
  first: number;
  second: number;
}

/** One bit per value of a prefix hash's low 16 bits: a quick "no" for almost every window. */
const FILTER_BITS = 16;

export class Masker {
  readonly #base = randomBase();
  readonly #otherBase = randomBase();
  /** base^(SHORTEST-1) mod 2^32: takes the leaving character out of the rolling hash. */
  readonly #leading: number;
  /** Forms by the rolling hash of their first SHORTEST characters. */
  readonly #byPrefix = new Map<number, Form[]>();
  readonly #maybe = new Uint8Array(1 << (FILTER_BITS - 3));
  /** Values added for later, shortest first: none of their forms is shorter than the value itself. */
  #later: string[] = [];

  constructor(values: Iterable<string> = []) {
    let leading = 1;
    for (let i = 1; i < SHORTEST; i++) leading = Math.imul(leading, this.#base);
    this.#leading = leading;
    for (const value of values) this.add(value);
  }

  /**
   * Masks `value` too, hashing it only once a text at least as long as it is
   * masked: for a value the caller keeps in memory anyway (a token), never
   * for the secret (it would be kept here until then).
   */
  addLater(value: string): void {
    if (value.length < SHORTEST) return;
    this.#later.push(value);
    this.#later.sort((a, b) => a.length - b.length);
  }

  /** Masks `value` (in each form a server may echo it in) in every text from now on; keeps its hashes, not the value. */
  add(value: string): void {
    if (value.length < SHORTEST) return;
    for (const text of credentialForms(value)) {
      const prefix = polynomialHash(text, 0, SHORTEST, this.#base);
      const form = { length: text.length, first: polynomialHash(text, 0, text.length, this.#base), second: polynomialHash(text, 0, text.length, this.#otherBase) };
      const forms = this.#byPrefix.get(prefix) ?? [];
      if (forms.some((known) => known.length === form.length && known.first === form.first && known.second === form.second)) continue;
      forms.push(form);
      this.#byPrefix.set(prefix, forms);
      this.#maybe[(prefix & 0xffff) >>> 3]! |= 1 << (prefix & 7);
    }
  }

  /** `text` with every stretch that is a form of a value added replaced by MASK (overlapping ones as one). */
  mask(text: string): string {
    while (this.#later.length > 0 && this.#later[0]!.length <= text.length) this.add(this.#later.shift()!);
    if (this.#byPrefix.size === 0 || text.length < SHORTEST) return text;
    const base = this.#base;
    const leading = this.#leading;
    const maybe = this.#maybe;
    const found: Array<[number, number]> = [];
    let hash = 0;
    for (let i = 0; i < SHORTEST - 1; i++) hash = (Math.imul(hash, base) + text.charCodeAt(i)) | 0;
    for (let i = SHORTEST - 1; i < text.length; i++) {
      hash = (Math.imul(hash, base) + text.charCodeAt(i)) | 0;
      if (maybe[(hash & 0xffff) >>> 3]! & (1 << (hash & 7))) {
        const start = i - SHORTEST + 1;
        for (const form of this.#byPrefix.get(hash) ?? []) {
          const end = start + form.length;
          if (end <= text.length && polynomialHash(text, start, end, base) === form.first && polynomialHash(text, start, end, this.#otherBase) === form.second) found.push([start, end]);
        }
      }
      // The character leaving the window: the next window's hash no longer counts it.
      hash = (hash - Math.imul(text.charCodeAt(i - SHORTEST + 1), leading)) | 0;
    }
    if (found.length === 0) return text;
    found.sort((a, b) => a[0] - b[0]);
    let out = '';
    let at = 0;
    for (const [start, end] of found) {
      if (end <= at) continue;
      if (start >= at) out += text.slice(at, start) + MASK;
      at = end;
    }
    return out + text.slice(at);
  }
}

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
  return [...new Set([...candidates, ...encoded.filter((form) => form.length >= 8)])].filter((form) => form.length >= SHORTEST);
}
