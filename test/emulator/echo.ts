/**
 * The forms in which a server that echoes a credential (a debugging proxy,
 * a hostile endpoint) may send it back, written out here on their own, not
 * with the code under test: as it is, JSON-escaped with "\/", URL-encoded
 * with lower-case hex, base64 padded and not, base64url, and base64 of a
 * longer text that holds it ("Bearer <token>", "id:secret"), where it does
 * not start on a three-byte boundary. Everything zoom-s2s prints must hold
 * none of them.
 */
export function echoedForms(credential: string): string[] {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [
    credential,
    JSON.stringify(credential).slice(1, -1).replace(/\//g, '\\/'),
    encodeURIComponent(credential).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    base64(credential),
    base64(credential).replace(/=+$/, ''),
    Buffer.from(credential).toString('base64url'),
    base64(`Bearer ${credential}`),
    base64(`x:${credential}`),
  ];
}

/**
 * Which of `credential`'s tell-tale pieces `text` holds: each echoed form,
 * and for the encoded ones their middle (an encoding at another offset
 * shares no more than that).
 */
export function leakedForms(text: string, credential: string): string[] {
  const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
  const pieces = [credential, encodeURIComponent(credential), base64(credential).slice(2, -4), base64(`Bearer ${credential}`).slice(12, -4), base64(`x:${credential}`).slice(4, -4)];
  return pieces.filter((piece) => piece.length >= 8 && text.includes(piece));
}
