/** Reading Zoom scope strings: sorting, grouping by product. */

/** The product a scope belongs to: its first segment ("meeting" in "meeting:read:admin"). */
export function scopeProduct(scope: string): string {
  return scope.split(':')[0] || scope;
}

export function sortScopes(scopes: readonly string[]): string[] {
  return [...new Set(scopes)].sort((a, b) => a.localeCompare(b, 'en'));
}

/** Scopes grouped by product, products and scopes sorted. */
export function groupScopes(scopes: readonly string[]): Array<{ product: string; scopes: string[] }> {
  const groups = new Map<string, string[]>();
  for (const scope of sortScopes(scopes)) {
    const product = scopeProduct(scope);
    groups.set(product, [...(groups.get(product) ?? []), scope]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en'))
    .map(([product, list]) => ({ product, scopes: list }));
}
