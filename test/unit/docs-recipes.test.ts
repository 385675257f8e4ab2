/**
 * Recipes that leak nothing (docs/security.md): no command line in the
 * README, docs/ or the help (docs/commands.md is written from it) hands a
 * token, the proxy's key or its URL to a program as an argument, where every
 * account on the machine reads it with `ps`; nothing that prints one is
 * redirected into a file made with the default mode. Shell builtins (echo,
 * printf) are not processes: what they print may go to `curl -K-` or
 * `curl -H @-` on standard input.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PAGES = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** What must not be an argument of a program: a token, or the proxy's URL and key. */
const SECRETS = [/\$\(zoom-s2s token\b(?![^)]*--format header)/, /\$\{?ZOOM_ACCESS_TOKEN\b/, /\bBearer\s+[$<e]/, /<key>/, /\$\{?ZOOM_API_URL\b/];
const BUILTINS = new Set(['echo', 'printf', 'export', 'eval', ':']);
/** Output that holds a token or a URL with a key: into a file only after `umask 077`. */
const PRINTS_A_SECRET = /zoom-s2s (?:[^|>]*\s)?(?:token|proxy|mcp --http)\b/;

/**
 * The shell lines of a page: every line of a sh or bash block, the "$ "
 * lines of other blocks (the examples of a help text in docs/commands.md),
 * and inline code that runs zoom-s2s or curl.
 */
function shellLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const [, lang, body] of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    if (['sh', 'bash', 'shell'].includes(lang!)) lines.push(...body!.split('\n'));
    else if (['', 'console', 'text'].includes(lang!)) lines.push(...body!.split('\n').filter((line) => /^\s*\$ /.test(line)));
  }
  for (const [, code] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)) {
    if (/\b(zoom-s2s|curl|wget)\b/.test(code!)) lines.push(code!);
  }
  return lines.map((line) => line.replace(/^\s*\$ /, '').replace(/(^|\s)#(?!!).*$/, '').trim()).filter(Boolean);
}

/** The simple commands of a line, `sh -c '…'` opened up: split at |, ;, && and ||. */
function commands(line: string): string[] {
  const inner = [...line.matchAll(/\bsh -c '([^']*)'/g)].flatMap(([, script]) => commands(script!));
  const outer = line.replace(/\bsh -c '[^']*'/g, 'sh -c SCRIPT');
  return [...outer.split(/\|\||&&|[|;]/).map((part) => part.trim()).filter(Boolean), ...inner];
}

/** Why `line` leaks, or undefined. */
export function leak(line: string): string | undefined {
  for (const command of commands(line)) {
    // Leading assignments (X=1, TOKEN=$(zoom-s2s token)) set variables; the word after them is the program.
    const words = command.replace(/^\(?\s*/, '').replace(/^(?:\w+=(?:\$\([^)]*\)|"[^"]*"|'[^']*'|\S*)\s*)+/, '').split(/\s+/).filter(Boolean);
    // A builtin is no process; a command substitution alone is what captures a token into a variable.
    if (words.length === 0 || BUILTINS.has(words[0]!) || words[0]!.startsWith('$(')) continue;
    const secret = SECRETS.find((pattern) => pattern.test(command));
    if (secret) return `"${command}" gives ${words[0]} ${secret.source} as an argument`;
  }
  if (PRINTS_A_SECRET.test(line) && /(^|[^2&])>\s*[\w~./$"]/.test(line) && !/umask 0?77/.test(line)) return `"${line}" writes a token or a key into a file with the default mode (umask 077 first)`;
  return undefined;
}

describe('recipes in the docs', () => {
  test('the checker knows a leak from a safe recipe', () => {
    for (const bad of [
      'curl -H "Authorization: Bearer $(zoom-s2s token)" https://api.zoom.us/v2/users/me',
      `zoom-s2s exec -- sh -c 'curl -H "Authorization: Bearer $ZOOM_ACCESS_TOKEN" "$ZOOM_API_URL/users/me"'`,
      `zoom-s2s proxy -- sh -c 'curl -s "$ZOOM_API_URL/users/me"'`,
      'curl "http://127.0.0.1:8123/<key>/v2/users/me"',
      'zoom-s2s mcp --http 127.0.0.1:0 > mcp-url.txt &',
      'zoom-s2s token > token.txt',
      'TOKEN=$(zoom-s2s token) http GET api.zoom.us/v2/users/me "Authorization: Bearer $TOKEN"',
    ]) {
      assert.ok(leak(bad), bad);
    }
    for (const good of [
      'zoom-s2s token --format header | curl -H @- https://api.zoom.us/v2/users/me',
      `zoom-s2s proxy -- sh -c 'echo "url = \\"$ZOOM_API_URL/users/me\\"" | curl -s -K-'`,
      `zoom-s2s exec -- sh -c 'printf "url = \\"%s/users/me\\"\\nheader = \\"Authorization: Bearer %s\\"\\n" "$ZOOM_API_URL" "$ZOOM_ACCESS_TOKEN" | curl -fsS -K-'`,
      '(umask 077 && zoom-s2s mcp --http 127.0.0.1:0 > mcp-url.txt) &',
      'zoom-s2s api /users --paginate -F page_size=300 > users.json',
      'eval "$(zoom-s2s token --format env)"',
      'TOKEN=$(zoom-s2s token)',
      'zoom-s2s exec -- python3 report.py',
      'zoom-s2s token 2>/dev/null',
    ]) {
      assert.equal(leak(good), undefined, good);
    }
  });

  test('no recipe in the README or docs/ (the help included) leaks a token, the key or the proxy\'s URL', () => {
    const leaks: string[] = [];
    for (const page of PAGES) {
      for (const line of shellLines(readFileSync(path.join(ROOT, page), 'utf8'))) {
        const why = leak(line);
        if (why) leaks.push(`${page}: ${why}`);
      }
    }
    assert.deepEqual(leaks, []);
  });
});
