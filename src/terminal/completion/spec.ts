/**
 * The model of the command tree that the completion scripts are written
 * from, and the shell-independent tables each shell's script carries.
 */

/** What an option's value or a positional argument is, for completing it. */
export type ValueKind = { type: 'profile' } | { type: 'file' } | { type: 'choice'; choices: string[] } | { type: 'command' } | { type: 'subcommand-name' } | { type: 'free' };

export interface OptionSpec {
  /** "-p", or undefined. */
  short: string | undefined;
  /** "--profile". */
  long: string;
  description: string;
  /** Undefined for a flag without a value. */
  value: ValueKind | undefined;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Its own and the global options. */
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** Positional arguments in order; the last may repeat. */
  args: ValueKind[];
  /** After its first positional argument, the words belong to another program (exec). */
  passThrough: boolean;
}

interface Node {
  /** "" for the program, "profiles use" for a subcommand. */
  path: string;
  spec: CommandSpec;
}

export function nodes(root: CommandSpec): Node[] {
  const out: Node[] = [];
  const walk = (spec: CommandSpec, path: string) => {
    out.push({ path, spec });
    for (const sub of spec.subcommands) walk(sub, path ? `${path} ${sub.name}` : sub.name);
  };
  walk(root, '');
  return out;
}

export const flags = (option: OptionSpec) => (option.short ? [option.short, option.long] : [option.long]);
export const valueFlags = (spec: CommandSpec) => spec.options.filter((o) => o.value).flatMap(flags);
export const allFlags = (spec: CommandSpec) => spec.options.flatMap(flags);
/** Text safe inside single quotes in bash, zsh and fish (descriptions never need a quote). */
export const plain = (text: string) => text.replace(/'/g, '’').replace(/[\n\r]/g, ' ');

/** The kind of a value, as the shell-side helper names it: "profile", "file", "command", "subcommands", "choice:a b c", "". */
export function kindWord(kind: ValueKind | undefined, spec: CommandSpec): string {
  if (!kind) return '';
  if (kind.type === 'choice') return `choice:${kind.choices.join(' ')}`;
  if (kind.type === 'subcommand-name') return `choice:${spec.subcommands.map((s) => s.name).join(' ')}`;
  if (kind.type === 'free') return '';
  return kind.type;
}

/**
 * One shell-independent table, as lines of "path|field|value", read by each
 * shell's small walker: the subcommands, options, options taking a value,
 * the kinds of values and positional arguments of every command.
 */
export function specLines(root: CommandSpec): Array<{ path: string; spec: CommandSpec; subs: string; opts: string; vals: string; args: string[]; passThrough: boolean; optionKinds: Array<[string, string]> }> {
  return nodes(root).map(({ path, spec }) => ({
    path,
    spec,
    subs: spec.subcommands.map((s) => s.name).join(' '),
    opts: allFlags(spec).join(' '),
    vals: valueFlags(spec).join(' '),
    args: spec.args.map((kind) => kindWord(kind, root)),
    passThrough: spec.passThrough,
    optionKinds: spec.options.filter((o) => o.value).flatMap((o) => flags(o).map((flag) => [flag, kindWord(o.value, root)] as [string, string])),
  }));
}

/** A function, valid in bash and zsh alike, that sets $kind for an option of a command path ("token|--format"). */
export function optionKindFunction(fn: string, root: CommandSpec): string {
  const cases = specLines(root)
    .flatMap((s) => s.optionKinds.map(([flag, kind]) => `    '${s.path}|${flag}') kind='${kind}' ;;`))
    .join('\n');
  return `${fn}_option_kind() {
  kind=''
  case "$1|$2" in
${cases}
  esac
}`;
}
