import { Command, CommanderError } from 'commander';
import { formatIssue, HmsOpsError, InputError } from '../core/errors.ts';
import { alertCommand } from './commands/alert.ts';
import { buildCommand } from './commands/build.ts';
import { exportCommand } from './commands/export.ts';
import { incidentCommand } from './commands/incident.ts';
import { ingestCommand } from './commands/ingest.ts';
import { oncallCommand } from './commands/oncall.ts';
import { kpiCommand } from './commands/kpi.ts';
import { queryCommand } from './commands/query.ts';
import { silenceCommand } from './commands/silence.ts';
import { sloCommand } from './commands/slo.ts';
import { validateCommand } from './commands/validate.ts';
import { processContext, type CliContext } from './context.ts';

interface CliCommand {
  name: string;
  configure(command: Command): Command;
  run(context: CliContext, ...args: never[]): Promise<number>;
}

/** A command made of subcommands, e.g. `alert eval`. */
interface CliCommandGroup {
  name: string;
  configure(command: Command): Command;
  subcommands: CliCommand[];
}

const COMMANDS: (CliCommand | CliCommandGroup)[] = [validateCommand, ingestCommand, queryCommand, kpiCommand, sloCommand, buildCommand, exportCommand, alertCommand, silenceCommand, incidentCommand, oncallCommand];

/**
 * Runs the CLI with `argv` (without the node and script names) and returns the exit code:
 * 0 on success, 1 on bad input (every problem printed as file:line:column: message), 2 on usage errors.
 */
export async function main(argv: readonly string[], context: CliContext = processContext()): Promise<number> {
  let exitCode = 0;
  const program = new Command('hms-ops')
    .description('hms-ops: public KPIs and SLOs of government services, from metrics to a static site')
    .exitOverride()
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
  const add = (parent: Command, definition: CliCommand) => {
    definition.configure(parent.command(definition.name)).action(async (...args: unknown[]) => {
      // commander passes positional arguments, then the options object, then the command itself.
      exitCode = await definition.run(context, ...(args.slice(0, -1) as never[]));
    });
  };
  for (const definition of COMMANDS) {
    if ('subcommands' in definition) {
      const group = definition.configure(program.command(definition.name));
      for (const sub of definition.subcommands) add(group, sub);
    } else {
      add(program, definition);
    }
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InputError) {
      context.stderr(`error: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} found\n${error.issues.map(formatIssue).join('\n')}\n`);
      return 1;
    }
    if (error instanceof HmsOpsError) {
      context.stderr(`error: ${error.message}${error.cause instanceof Error ? `\n  cause: ${error.cause.message}` : ''}\n`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
