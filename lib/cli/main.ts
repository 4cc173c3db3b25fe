#!/usr/bin/env node
// The `descent` command: train, compare, bench. Parsing is commander's; every failure ends here
// as one line on stderr and an exit code (2: usage, 1: failure while working), never a stack
// trace (set DESCENT_DEBUG=1 to see it).
import { Command, CommanderError } from 'commander';
import { FAILURE_EXIT_CODE, oneLine, printError, USAGE_EXIT_CODE, UsageError } from './errors';
import { packageVersion } from './package-info';

// The commands load the library, and with it the native addon; they are required inside main()
// so that an addon that fails to load is reported like any other error (its message says how to
// rebuild it) rather than as an uncaught exception at startup.
function loadCommands() {
  return {
    train: (require('./train') as typeof import('./train')).registerTrain,
    compare: (require('./compare') as typeof import('./compare')).registerCompare,
    bench: (require('./bench') as typeof import('./bench')).registerBench,
  };
}

/** Error output of a command: `descent <command>: <message>. See descent <command> --help.` */
function configure(cmd: Command, label: string): Command {
  return cmd
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      outputError: (str, write) => {
        const message = oneLine(str);
        write(`${label}: ${message}${/[.?!]$/.test(message) ? '' : '.'} See ${label} --help.\n`);
      },
    });
}

export function buildProgram(): Command {
  const register = loadCommands();
  const program = configure(new Command('descent'), 'descent')
    .description('Native-accelerated deep learning for Node.js: train a classifier, compare optimizers, run the benchmarks.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', `
Run descent <command> --help for a command's options. npm start runs descent train on the embedded
digits data. Exit codes: 0 done, 1 failed while working, 2 bad usage (options, data files).
`);
  configure(register.train(program), 'descent train');
  configure(register.compare(program), 'descent compare');
  configure(register.bench(program), 'descent bench');
  return program;
}

/** The command being run, for error messages. */
function commandLabel(argv: readonly string[]): string {
  const name = argv.find((a) => !a.startsWith('-'));
  return name === 'train' || name === 'compare' || name === 'bench' ? `descent ${name}` : 'descent';
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  try {
    const program = buildProgram();
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : USAGE_EXIT_CODE; // commander printed it
    printError(commandLabel(argv), e);
    return e instanceof UsageError ? USAGE_EXIT_CODE : FAILURE_EXIT_CODE;
  }
}

if (require.main === module) {
  // `descent train | head` closes stdout early: stop quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      printError('descent', e);
      process.exitCode = FAILURE_EXIT_CODE;
    },
  );
}
