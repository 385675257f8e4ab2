/**
 * The flags that say what a program may call through zoom-s2s (`mcp`,
 * `proxy`): --allow-write and --allow, read into an ApiPolicy
 * (core/api/policy.ts).
 */
import type { Command } from 'commander';
import { API_METHODS, type AllowRule, type ApiMethod, type ApiPolicy } from '../core/api/policy.js';
import { UsageError } from '../core/errors.js';

export interface PolicyFlags {
  allowWrite?: boolean;
  allow?: string[];
}

export function addPolicyOptions(command: Command): Command {
  return command
    .option('--allow-write', 'allow POST, PATCH, PUT and DELETE (read-only, GET only, by default)')
    .option('--allow <rule>', 'allow only calls like this one, "<METHOD> <path pattern>" (* one segment, ** the rest); repeatable', (rule: string, rules: string[] = []) => [...rules, rule]);
}

export function policyFromFlags(flags: PolicyFlags): ApiPolicy {
  return { allowWrite: flags.allowWrite === true, rules: (flags.allow ?? []).map(parseAllowRule) };
}

/** One --allow value: "GET /users/*". */
export function parseAllowRule(text: string): AllowRule {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(text);
  const method = match?.[1]!.toUpperCase();
  if (!match || !(API_METHODS as readonly string[]).includes(method!)) {
    throw new UsageError(`--allow "${text}" is not "<METHOD> <path pattern>".`, 'For example: --allow "GET /users/*" --allow "POST /users/*/meetings" (methods: GET, POST, PATCH, PUT, DELETE).');
  }
  const pattern = match[2]!.replace(/^\/v2(?=\/|$)/, '').replace(/\/+$/, '') || '/';
  const segments = pattern.split('/').slice(1);
  if (segments.some((segment, i) => (segment.includes('**') && (segment !== '**' || i !== segments.length - 1)) || segment === '')) {
    throw new UsageError(`--allow "${text}": "**" may only be the last segment, and segments may not be empty.`);
  }
  const regex = new RegExp(
    `^${segments
      .map((segment) => (segment === '**' ? '(?:/[^/]+)*' : `/${segment.split('*').map(escapeRegExp).join('[^/]+')}`))
      .join('')}$`,
  );
  return { method: method as ApiMethod, pattern, matches: (path) => regex.test(path) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
