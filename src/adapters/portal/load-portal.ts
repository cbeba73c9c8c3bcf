import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { checkReferences, type PortalConfig } from '../../core/config/portal-config.ts';
import { parseYaml, type LocatedYaml } from '../../core/config/parse-yaml.ts';
import { InputError, sortIssues, type InputIssue } from '../../core/errors.ts';
import { AnnotationsFileSchema, PortalSchema, ProgramsFileSchema, SlosFileSchema } from '../../core/schemas/index.ts';

/** The files of a portal folder, relative to it. */
export const PORTAL_FILES = {
  portal: 'portal.yaml',
  programs: 'data/programs.yaml',
  slos: 'rules/slos.yaml',
  annotations: 'data/annotations.yaml',
} as const;

export interface LoadedPortal extends PortalConfig {
  /** The portal folder, absolute. */
  root: string;
}

/** Reads and validates a portal folder; throws an InputError listing every problem in every file. */
export function loadPortal(root: string): LoadedPortal {
  const issues: InputIssue[] = [];
  const read = <S extends z.ZodType>(name: string, schema: S, optional = false): LocatedYaml<z.output<S>> | undefined => {
    const path = join(root, name);
    const shown = relative(process.cwd(), path) || name;
    if (!existsSync(path)) {
      if (!optional) issues.push({ file: shown, line: 0, column: 0, message: `file not found; expected the portal folder to contain ${name}` });
      return undefined;
    }
    const result = parseYaml(shown, readFileSync(path, 'utf8'), schema);
    if (!result.ok) {
      issues.push(...result.issues);
      return undefined;
    }
    return result.doc;
  };

  const portal = read(PORTAL_FILES.portal, PortalSchema);
  const programs = read(PORTAL_FILES.programs, ProgramsFileSchema);
  const slos = read(PORTAL_FILES.slos, SlosFileSchema, true);
  const annotations = read(PORTAL_FILES.annotations, AnnotationsFileSchema, true);
  if (portal && programs) {
    const emptySlos = { file: PORTAL_FILES.slos, value: { slos: [] }, locate: () => ({ file: PORTAL_FILES.slos, line: 0, column: 0 }) };
    issues.push(...checkReferences({ portal, programs, slos: slos ?? emptySlos, ...(annotations ? { annotations } : {}) }));
  }
  if (issues.length > 0 || !portal || !programs) throw new InputError(sortIssues(issues));
  return {
    root,
    portal: portal.value,
    programs: programs.value.programs,
    slos: slos?.value.slos ?? [],
    annotations: annotations?.value.annotations ?? [],
  };
}
