/**
 * What a program may call through zoom-s2s on the user's behalf (the MCP
 * server, the proxy): read-only (GET) unless writes are allowed, and, when the user
 * lists calls with --allow "<METHOD> <path pattern>", only those; both
 * apply. Patterns are API paths without /v2: `*` stands for one path
 * segment, `**` at the end for any number of them ("GET /users/*",
 * "POST /users/*\/meetings", "GET /report/**"). Paths are matched as the
 * request will be sent, after the URL's own normalisation (`..`, %2e).
 */
export const API_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export type ApiMethod = (typeof API_METHODS)[number];

export interface AllowRule {
  method: ApiMethod;
  /** As the user wrote it, for messages. */
  pattern: string;
  matches: (path: string) => boolean;
}

export interface ApiPolicy {
  allowWrite: boolean;
  rules: AllowRule[];
}

/** Whether the policy's read-only rule lets `method` through at all (the --allow patterns aside). */
export function methodAllowed(policy: ApiPolicy, method: ApiMethod): boolean {
  return method === 'GET' || policy.allowWrite;
}

/** Why `method` on `path` (an API path without /v2, as it will be sent) is refused, saying which flag allows it; undefined when it is allowed. */
export function policyRefusal(policy: ApiPolicy, method: ApiMethod, path: string): string | undefined {
  if (!methodAllowed(policy, method)) {
    return `${method} ${path} is refused: this server is read-only (GET only). Its user can allow writes by starting it with --allow-write.`;
  }
  if (policy.rules.length > 0 && !policy.rules.some((rule) => rule.method === method && rule.matches(path))) {
    return `${method} ${path} is refused: this server allows only ${describeRules(policy)}. Its user can allow more with --allow "${method} <path pattern>".`;
  }
  return undefined;
}

function describeRules(policy: ApiPolicy): string {
  return policy.rules.map((rule) => `${rule.method} ${rule.pattern}`).join(', ');
}

/** The policy in a sentence, for the server's instructions. */
export function describePolicy(policy: ApiPolicy): string {
  const methods = policy.allowWrite ? 'GET, POST, PATCH, PUT and DELETE' : 'GET only (read-only)';
  return policy.rules.length ? `Allowed: ${methods}, and of those only ${describeRules(policy)}.` : `Allowed: ${methods}, on any Zoom API path.`;
}
