// `porthole completion bash|zsh|fish`: scripts generated from the commands themselves, so they never drift
// from --help. Tunnel and database names come from the running daemon (`porthole __names`), quietly.
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import type { CommandKit } from '../command-kit.js';
import { listTunnels } from '../tunnels.js';
import type { InventoryResponse } from '../../shared/api.js';

interface CommandSpec {
  name: string;
  aliases: string[];
  description: string;
  options: string[];
  subcommands: CommandSpec[];
  /** Its first argument is a tunnel or database name. */
  takesName: boolean;
}

function spec(command: Command): CommandSpec {
  return {
    name: command.name(),
    aliases: command.aliases(),
    description: command.description().split(/[:;(]/)[0]!.trim(),
    options: command.options.map((o) => o.long).filter((flag): flag is string => Boolean(flag)),
    subcommands: command.commands.filter((c) => !c.name().startsWith('__')).map(spec),
    takesName: command.registeredArguments[0]?.name() === 'name',
  };
}

/** Options that take a value: the word after them is not a command. */
function valued(program: Command): string[] {
  const all = [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)];
  return [
    ...new Set(
      all.flatMap((c) =>
        c.options
          .filter((o) => o.required || o.optional)
          .map((o) => o.long!)
          .filter(Boolean),
      ),
    ),
  ];
}

const words = (items: string[]) => items.join(' ');
const sq = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function bashScript(program: Command): string {
  const root = spec(program);
  const cases = root.subcommands.map((c) => {
    const names = [c.name, ...c.aliases].join('|');
    const options = words([...c.options, '--help', ...root.options]);
    const next = c.subcommands.length
      ? `[[ -z $sub ]] && COMPREPLY=($(compgen -W ${sq(words(c.subcommands.map((s) => s.name)))} -- "$cur"))`
      : c.takesName
        ? '[[ -z $sub ]] && { local IFS=$\'\\n\'; COMPREPLY=($(compgen -W "$(porthole __names 2>/dev/null)" -- "$cur")); }'
        : c.name === 'completion'
          ? `[[ -z $sub ]] && COMPREPLY=($(compgen -W 'bash zsh fish' -- "$cur"))`
          : ':';
    return `    ${names}) if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W ${sq(options)} -- "$cur")); else ${next}; fi ;;`;
  });
  return `# porthole completion for bash. Load it with: eval "$(porthole completion bash)"
_porthole() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="" sub="" i word skip=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [[ -n $skip ]]; then skip=""; continue; fi
    case "$word" in
      ${valued(program).join('|')}) skip=1 ;;
      -*) ;;
      *) if [[ -z $cmd ]]; then cmd="$word"; elif [[ -z $sub ]]; then sub="$word"; fi ;;
    esac
  done
  [[ -n $skip ]] && return 0
  case "$cmd" in
    "") COMPREPLY=($(compgen -W ${sq(words([...root.subcommands.map((c) => c.name), ...root.options, '--help', '--version']))} -- "$cur")) ;;
${cases.join('\n')}
  esac
}
complete -F _porthole porthole
`;
}

export function zshScript(program: Command): string {
  const root = spec(program);
  const cases = root.subcommands.map((c) => {
    const names = [c.name, ...c.aliases].join('|');
    const next = c.subcommands.length
      ? `(( pos == 0 )) && compadd -- ${words(c.subcommands.map((s) => s.name))}`
      : c.takesName
        ? '(( pos == 0 )) && { local -a names; names=("${(@f)$(porthole __names 2>/dev/null)}"); compadd -a names; }'
        : c.name === 'completion'
          ? '(( pos == 0 )) && compadd -- bash zsh fish'
          : ':';
    return `    ${names}) if [[ $PREFIX == -* ]]; then compadd -- ${words([...c.options, '--help', ...root.options])}; else ${next}; fi ;;`;
  });
  return `#compdef porthole
# porthole completion for zsh. Load it with: source <(porthole completion zsh), or save it as _porthole in your $fpath.
_porthole() {
  local cmd="" i word skip="" pos=0
  for (( i = 2; i < CURRENT; i++ )); do
    word="\${words[i]}"
    if [[ -n $skip ]]; then skip=""; continue; fi
    case "$word" in
      ${valued(program).join('|')}) skip=1 ;;
      -*) ;;
      *) if [[ -z $cmd ]]; then cmd="$word"; else (( pos++ )); fi ;;
    esac
  done
  [[ -n $skip ]] && return 0
  case "$cmd" in
    "") compadd -- ${words([...root.subcommands.map((c) => c.name), ...root.options, '--help', '--version'])} ;;
${cases.join('\n')}
  esac
}
if [[ "\${funcstack[1]}" == _porthole ]]; then _porthole "$@"; else compdef _porthole porthole; fi
`;
}

export function fishScript(program: Command): string {
  const root = spec(program);
  const all = root.subcommands.flatMap((c) => [c.name, ...c.aliases]);
  const lines = [
    '# porthole completion for fish. Load it with: porthole completion fish | source',
    'complete -c porthole -f',
    ...root.options.map((o) => `complete -c porthole -l ${o.slice(2)}`),
  ];
  for (const c of root.subcommands) {
    const names = [c.name, ...c.aliases];
    lines.push(`complete -c porthole -n ${sq(`not __fish_seen_subcommand_from ${words(all)}`)} -a ${c.name} -d ${sq(c.description)}`);
    const seen = `__fish_seen_subcommand_from ${words(names)}`;
    for (const option of c.options) lines.push(`complete -c porthole -n ${sq(seen)} -l ${option.slice(2)}`);
    if (c.subcommands.length) {
      const subs = words(c.subcommands.map((s) => s.name));
      lines.push(`complete -c porthole -n ${sq(`${seen}; and not __fish_seen_subcommand_from ${subs}`)} -a ${sq(subs)}`);
    } else if (c.takesName) {
      lines.push(`complete -c porthole -n ${sq(seen)} -a '(porthole __names 2>/dev/null)'`);
    } else if (c.name === 'completion') {
      lines.push(`complete -c porthole -n ${sq(seen)} -a 'bash zsh fish'`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function registerCompletion(program: Command, { ctx, run }: CommandKit): void {
  program
    .command('completion <shell>')
    .description('print the shell completion script for bash, zsh or fish')
    .action((shell: string) =>
      run(async () => {
        const scripts: Record<string, () => string> = {
          bash: () => bashScript(program),
          zsh: () => zshScript(program),
          fish: () => fishScript(program),
        };
        const make = scripts[shell];
        if (!make) throw new CliError(`No completion for "${shell}": bash, zsh or fish.`, undefined, 'USAGE', 2);
        ctx.io.stdout(make());
      }),
    );

  // For the completion scripts: every tunnel and database name, one per line; nothing (and exit 0) without a daemon.
  program.command('__names', { hidden: true }).action(() =>
    run(async () => {
      try {
        const client = await ctx.client();
        const [tunnels, inventory] = await Promise.all([
          listTunnels(client),
          client.get<InventoryResponse>('/api/inventory', { timeoutMs: 2000 }),
        ]);
        const names = [...tunnels.map((t) => t.name), ...inventory.slices.flatMap((s) => s.targets.map((t) => t.name))];
        ctx.io.stdout([...new Set(names)].map((name) => `${name}\n`).join(''));
      } catch {
        // Completion must never print an error into the user's command line.
      }
    }),
  );
}
