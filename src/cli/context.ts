import ora from 'ora';
import type { Progress } from '../adapters/build/build-model.ts';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliContext {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The wall clock. */
  now: () => Date;
  env: Record<string, string | undefined>;
  /** True when stderr is an interactive terminal (and not CI): progress is then a spinner. */
  interactive: boolean;
}

/** The real process's context. */
export function processContext(): CliContext {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    now: () => new Date(),
    env: process.env,
    interactive: isInteractive(process.stderr, process.env),
  };
}

/**
 * Whether progress may be a spinner: on a terminal, outside CI, and only when the terminal reports a
 * width. A bare pseudo-terminal (as `script` gives) reports none, and the spinner's line clearing
 * then never ends; such a terminal gets plain log lines.
 */
export function isInteractive(stream: { isTTY?: boolean; columns?: number }, env: Record<string, string | undefined>): boolean {
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0 && !env.CI;
}

/** Progress as a spinner on a terminal, as plain log lines under CI or in a pipe, or not at all with `quiet`. */
export function progressFor(context: CliContext, quiet = false): Progress & { stop(): void } {
  if (quiet) return { step() {}, done() {}, stop() {} };
  if (!context.interactive) {
    return { step() {}, done: (message) => context.stderr(`${message}\n`), stop() {} };
  }
  const spinner = ora({ stream: process.stderr });
  return {
    step: (message) => {
      spinner.start(message);
    },
    done: (message) => {
      spinner.succeed(message);
    },
    stop: () => {
      spinner.stop();
    },
  };
}
