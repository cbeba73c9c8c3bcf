import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeProblem } from '../../bin/node-check.js';

/** A Node older than 22.18 on this machine (Debian's, when the system Node is older than the pinned one), or null. */
function olderNode(): string | null {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(path)) continue;
    const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim().slice(1);
    if (nodeProblem(version)) return path;
  }
  return null;
}

describe('the hms-ops command on an older Node', () => {
  it('accepts Node 22.18 and newer, and names the version it refuses', () => {
    expect(['22.18.0', '22.20.1', '23.0.0', '24.21.0', '30.1.0'].map(nodeProblem)).toEqual([null, null, null, null, null]);
    for (const version of ['20.20.2', '22.17.9', '18.0.0']) expect(nodeProblem(version)).toContain(`this is Node ${version}.`);
  });

  it.skipIf(olderNode() === null)('prints one sentence and exits 1 instead of a stack trace', () => {
    const node = olderNode()!;
    const result = spawnSync(node, ['bin/hms-ops.js', '--help'], { encoding: 'utf8' });
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().slice(1);
    expect([result.status, result.stdout, result.stderr]).toEqual([1, '', `error: ${nodeProblem(version)}\n`]);
  });
});
