/** Reading Zoom scope strings: sorting, grouping by product, classic or granular, what is missing. */

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

/**
 * Classic scopes are resource:action with an optional :admin or :master
 * ("meeting:read:admin"); granular ones are service:action:data_claim with
 * the same optional suffix ("meeting:read:list_meetings:admin").
 */
export type ScopeKind = 'classic' | 'granular';

export function scopeKind(scope: string): ScopeKind {
  const segments = scope.split(':');
  return segments.length <= 2 || segments[2] === 'admin' || segments[2] === 'master' ? 'classic' : 'granular';
}

/** The object `scopes --json` prints per scope; documented in docs/guide.md. */
export function scopeJson(scope: string) {
  return { scope, kind: scopeKind(scope), product: scopeProduct(scope) };
}

const SCOPE_SHAPE = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$/;

/** --require values: scopes separated by spaces or commas, checked for shape; undefined for a bad one. */
export function parseRequiredScopes(values: readonly string[]): { scopes: string[]; bad: string | undefined } {
  const scopes = values.flatMap((value) => value.split(/[\s,]+/)).filter(Boolean);
  return { scopes: [...new Set(scopes)], bad: scopes.find((scope) => !SCOPE_SHAPE.test(scope)) };
}

/** The required scopes not granted, in the order given. */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((scope) => !have.has(scope));
}
