/**
 * Zoom's list pagination: a page carries `next_page_token`, empty on the last
 * page. Pages merge into one answer: every list concatenated, the other
 * fields from the last page.
 */
export type Page = Record<string, unknown>;

export function nextPageToken(page: Page): string | undefined {
  const token = page.next_page_token;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

export function mergePages(pages: Page[]): Page {
  const last = pages.at(-1) ?? {};
  const listKeys = new Set(pages.flatMap((page) => Object.keys(page).filter((key) => Array.isArray(page[key]))));
  const merged: Page = { ...last };
  for (const key of listKeys) merged[key] = pages.flatMap((page) => (Array.isArray(page[key]) ? (page[key] as unknown[]) : []));
  return merged;
}
