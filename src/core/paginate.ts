/**
 * Zoom's list pagination: a page carries `next_page_token`, empty on the last
 * page. Pages merge into one answer: every list concatenated, the other
 * fields from the last page.
 */
export type Page = Record<string, unknown>;

/** The page as a JSON object, or undefined when it is not one. */
export function parsePage(text: string): Page | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Page) : undefined;
  } catch {
    return undefined;
  }
}

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
