#!/usr/bin/env node
// Node 24 runs the TypeScript sources directly (type stripping): there is no build step. An older
// Node (a system Node 20 given `node bin/hms-ops.js`) cannot, so it gets a sentence, not a stack trace.
import { nodeProblem } from './node-check.js';

const problem = nodeProblem(process.versions.node);
if (problem) {
  process.stderr.write(`error: ${problem}\n`);
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
