import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const REPO = join(import.meta.dirname, '..', '..');

/** A copy of the bundled sample portal (portal.yaml, data/, rules/) in a new temporary folder. */
export function copySamplePortal(prefix = 'hms-ops-portal-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(REPO, 'portal.yaml'), join(root, 'portal.yaml'));
  cpSync(join(REPO, 'data'), join(root, 'data'), { recursive: true });
  cpSync(join(REPO, 'rules'), join(root, 'rules'), { recursive: true });
  return root;
}

/** Changes one YAML file of a portal in place, keeping its comments: `edit` sets values by path. */
export function editYaml(path: string, edit: (set: (keys: (string | number)[], value: unknown) => void) => void): void {
  const document = parseDocument(readFileSync(path, 'utf8'));
  edit((keys, value) => document.setIn(keys, value));
  writeFileSync(path, document.toString());
}
