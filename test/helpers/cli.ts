import { main } from '../../src/cli/main.ts';
import type { CliContext } from '../../src/cli/context.ts';

/** Runs the CLI in-process with captured output and a fixed clock. */
export async function runCli(args: string[], env: Record<string, string> = {}, now = new Date('2026-11-23T12:00:00Z')): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const context: CliContext = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    now: () => now,
    env,
    interactive: false,
  };
  const code = await main(args, context);
  return { code, stdout, stderr };
}
