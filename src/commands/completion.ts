import { Argument, Command, type Option } from 'commander';
import type { Context } from '../context.js';
import { ZOOM_DOMAINS } from '../core/zoom.js';
import { TAKES_A_COMMAND } from './child.js';
import { completionScript, SHELLS, type CommandSpec, type OptionSpec, type Shell, type ValueKind } from '../terminal/completion/index.js';

/** Option values completed from something other than their choices. */
const OPTION_VALUES: Record<string, ValueKind> = {
  '--profile': { type: 'profile' },
  '--ca-file': { type: 'file' },
  '--input': { type: 'file' },
  '--output': { type: 'file' },
  '--domain': { type: 'choice', choices: [...ZOOM_DOMAINS] },
};

/** Positional arguments completed from something other than their choices, by command path. */
const ARGUMENT_VALUES: Record<string, ValueKind[]> = {
  'profiles use': [{ type: 'profile' }],
  help: [{ type: 'subcommand-name' }],
};

export function completionCommand(ctx: Context, program: () => Command): Command {
  return new Command('completion')
    .description('Print a shell completion script (bash, zsh or fish), profile names included')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      `
Examples:
  $ echo 'source <(zoom-s2s completion bash)' >> ~/.bashrc
  $ echo 'source <(zoom-s2s completion zsh)' >> ~/.zshrc       # after compinit
  $ zoom-s2s completion fish > ~/.config/fish/completions/zoom-s2s.fish

The script is generated from this version's commands and flags; regenerate it
after upgrading. Profile names (--profile <TAB>, profiles use <TAB>) are read
from the settings when you press TAB.`,
    )
    .action((shell: Shell) => {
      ctx.io.out(completionScript(shell, 'zoom-s2s', completionModel(program())));
    });
}

function optionSpec(option: Option): OptionSpec {
  const takesValue = option.required || option.optional;
  const choices = option.argChoices;
  const value: ValueKind | undefined = !takesValue ? undefined : choices ? { type: 'choice', choices } : (OPTION_VALUES[option.long ?? ''] ?? { type: 'free' });
  return { short: option.short, long: option.long ?? option.short ?? '', description: option.description, value };
}

function argumentKind(argument: Argument): ValueKind {
  return argument.argChoices ? { type: 'choice', choices: argument.argChoices } : { type: 'free' };
}

const HELP_OPTION: OptionSpec = { short: '-h', long: '--help', description: 'display help for command', value: undefined };

/** The command tree as completion scripts need it: commands, options (the global ones everywhere), arguments. */
export function completionModel(program: Command): CommandSpec {
  const globals = program.options.filter((o) => !o.hidden && o.long !== '--version').map(optionSpec);
  const build = (command: Command, path: string): CommandSpec => {
    const own = command.options.filter((o) => !o.hidden).map(optionSpec);
    const visible = command.commands.filter((sub) => !(sub as Command & { _hidden?: boolean })._hidden);
    const subcommands = visible.map((sub) => build(sub, path ? `${path} ${sub.name()}` : sub.name()));
    if (!path) subcommands.push({ name: 'help', description: 'display help for a command', options: [...globals, HELP_OPTION], subcommands: [], args: ARGUMENT_VALUES.help!, passThrough: false });
    return {
      name: command.name(),
      description: command.description(),
      options: [...own, ...(path ? globals : []), HELP_OPTION],
      subcommands,
      // After the command that exec or proxy runs, the shell completes that command's own words.
      args: TAKES_A_COMMAND.includes(path) ? [{ type: 'command' }] : (ARGUMENT_VALUES[path] ?? command.registeredArguments.map(argumentKind)),
      passThrough: TAKES_A_COMMAND.includes(path),
    };
  };
  return build(program, '');
}

/** `zoom-s2s __complete profiles`: what the completion scripts run on TAB. Hidden; prints nothing on any failure. */
export function completeHelperCommand(ctx: Context): Command {
  return new Command('__complete')
    .argument('<what>')
    .action(async (what: string) => {
      if (what !== 'profiles') return;
      try {
        const settings = await ctx.settings();
        ctx.io.out(settings.listProfiles().map(([name]) => `${name}\n`).join(''));
      } catch {
        // A broken settings file must not spill errors into the user's prompt.
      }
    });
}
