import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseYaml, type LocatedYaml } from '../../../src/core/config/parse-yaml.ts';
import { checkReferences, type PortalDocuments } from '../../../src/core/config/portal-config.ts';
import { formatIssue } from '../../../src/core/errors.ts';
import { AnnotationsFileSchema } from '../../../src/core/schemas/annotation.ts';
import { PortalSchema } from '../../../src/core/schemas/portal.ts';
import { ProgramsFileSchema } from '../../../src/core/schemas/program.ts';
import { SlosFileSchema } from '../../../src/core/schemas/slo.ts';

describe('checkReferences', () => {
  it('accepts a valid minimal config', () => {
    expect(checkReferences(documents('valid-minimal'))).toEqual([]);
  });

  it('reports duplicate ids, unknown programs and public SLOs of non-public programs, across files', () => {
    expect(checkReferences(documents('references', { annotations: true })).map(formatIssue)).toMatchInlineSnapshot(`
      [
        "references/programs.yaml:12:9: programs[2].id: duplicate program id "internal"; ids must be unique",
        "references/slos.yaml:9:9: slos[1].id: duplicate SLO id "benefits-ok"; ids must be unique",
        "references/slos.yaml:10:14: slos[1].program: unknown program "pensions"; expected one of benefits, internal",
        "references/slos.yaml:19:13: slos[2].public: SLO is public but program "internal" is not",
        "references/annotations.yaml:4:14: annotations[0].program: unknown program "pensions"",
      ]
    `);
  });

  it('a duplicate program id does not replace the first program when later references are checked', () => {
    // benefits is declared public first, then pasted again without `public`; only the duplicate is an error
    expect(checkReferences(documents('duplicate-program')).map(formatIssue)).toMatchInlineSnapshot(`
      [
        "duplicate-program/programs.yaml:8:9: programs[1].id: duplicate program id "benefits"; ids must be unique",
      ]
    `);
  });
});

function documents(name: string, options: { annotations?: boolean } = {}): PortalDocuments {
  return {
    portal: load(`${name}/portal.yaml`, PortalSchema),
    programs: load(`${name}/programs.yaml`, ProgramsFileSchema),
    slos: load(`${name}/slos.yaml`, SlosFileSchema),
    ...(options.annotations ? { annotations: load(`${name}/annotations.yaml`, AnnotationsFileSchema) } : {}),
  };
}

function load<S extends z.ZodType>(file: string, schema: S): LocatedYaml<z.output<S>> {
  const result = parseYaml(file, readFileSync(new URL(`../../fixtures/config/${file}`, import.meta.url), 'utf8'), schema);
  if (!result.ok) throw new Error(`${file} should parse: ${result.issues.map(formatIssue).join('; ')}`);
  return result.doc;
}
