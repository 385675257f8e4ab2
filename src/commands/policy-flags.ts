/**
 * The flags that say what a program may call through zoom-s2s (`mcp`,
 * `proxy`): --allow-write and --allow, read into an ApiPolicy
 * (core/api/policy.ts).
 */
import type { Command } from 'commander';
import { parseAllowRule, type ApiPolicy } from '../core/api/policy.js';

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
