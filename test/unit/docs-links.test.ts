/**
 * The README and docs/ link to each other by file and heading: every relative
 * link must reach a file that exists and, with a #fragment, a heading in it
 * (anchors as GitHub makes them), so moving a section cannot leave a dead link.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PAGES = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Markdown outside fenced code blocks. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    found.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return found;
}

function links(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/.test(target));
}

describe('links between the README and docs/', () => {
  test('anchors are made as GitHub makes them', () => {
    assert.deepEqual([...anchors('# A b\n## `zoom-s2s login`\n## CI and containers: credentials (env)\n## A b\n```\n# not a heading\n```\n')], ['a-b', 'zoom-s2s-login', 'ci-and-containers-credentials-env', 'a-b-1']);
  });

  for (const page of PAGES) {
    test(`every relative link in ${page} reaches a file and heading`, () => {
      const text = readFileSync(path.join(ROOT, page), 'utf8');
      const dead: string[] = [];
      for (const target of links(text)) {
        const [file, fragment] = target.split('#', 2) as [string, string | undefined];
        const resolved = file === '' ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), file);
        if (!existsSync(resolved)) dead.push(`${target} (no such file)`);
        else if (fragment !== undefined && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(fragment)) dead.push(`${target} (no such heading)`);
      }
      assert.deepEqual(dead, [], `dead links in ${page}`);
    });
  }
});
