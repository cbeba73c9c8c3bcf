import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parseYaml } from '../../../src/core/config/parse-yaml.ts';
import { formatIssue } from '../../../src/core/errors.ts';
import { PortalSchema } from '../../../src/core/schemas/portal.ts';
import { ProgramsFileSchema } from '../../../src/core/schemas/program.ts';
import { SlosFileSchema } from '../../../src/core/schemas/slo.ts';

/** The issues of a fixture under test/fixtures/config/, one formatted line each. */
function issues(file: string, schema: z.ZodType): string[] {
  const result = parseYaml(file, fixture(file), schema);
  if (result.ok) throw new Error(`${file} parsed without issues`);
  return result.issues.map(formatIssue);
}

function fixture(file: string): string {
  return readFileSync(new URL(`../../fixtures/config/${file}`, import.meta.url), 'utf8');
}

describe('parseYaml', () => {
  it('reports every problem of a programs file at once, each at its line and column', () => {
    expect(issues('programs-errors/programs.yaml', ProgramsFileSchema)).toMatchInlineSnapshot(`
      [
        "programs-errors/programs.yaml:3:9: programs[0].id: expected a slug: lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters, got "Benefits_Program"",
        "programs-errors/programs.yaml:6:5: programs[0].colour: unknown key "colour"; expected one of the documented keys (see docs/portal-format.md)",
        "programs-errors/programs.yaml:9:14: programs[0].contact.email: expected an email address, got "not-an-email"",
        "programs-errors/programs.yaml:10:24: programs[0].expected_interval: expected a duration such as 30s, 5m, 1h, 28d, got "5 minutes"",
        "programs-errors/programs.yaml:13:15: programs[0].kpis[0].kind: expected a known kind (see docs/portal-format.md), got "histogram"",
        "programs-errors/programs.yaml:20:19: programs[0].kpis[1].rate_per: expected one of "1h", "1d", got "1w"",
        "programs-errors/programs.yaml:21:28: programs[0].kpis[1].expected_interval: expected a duration greater than zero, got "0h"",
      ]
    `);
  });

  it('reports every problem of a slos file at once, each at its line and column', () => {
    expect(issues('slos-errors/slos.yaml', SlosFileSchema)).toMatchInlineSnapshot(`
      [
        "slos-errors/slos.yaml:3:5: slos[0].sli: is required; expected an object",
        "slos-errors/slos.yaml:6:16: slos[0].objective: expected a number < 1, got 1.5",
        "slos-errors/slos.yaml:10:17: slos[1].sli.type: expected a known type (see docs/portal-format.md), got "latency"",
        "slos-errors/slos.yaml:12:13: slos[1].window: expected one of the documented forms, got "4 weeks"",
        "slos-errors/slos.yaml:13:16: slos[1].budgeting: expected one of "events", "timeslices", got "slices"",
      ]
    `);
  });

  it('reports YAML syntax errors before any schema check', () => {
    expect(issues('yaml-syntax/slos.yaml', SlosFileSchema)).toMatchInlineSnapshot(`
      [
        "yaml-syntax/slos.yaml:5:5: invalid YAML: Map keys must be unique",
        "yaml-syntax/slos.yaml:7:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }",
      ]
    `);
  });

  it('checks a wrong version first and reports nothing else', () => {
    expect(issues('version-wrong/slos.yaml', SlosFileSchema)).toMatchInlineSnapshot(`
      [
        "version-wrong/slos.yaml:1:10: version: expected 1, got 2",
      ]
    `);
  });

  it('checks a missing version first and reports nothing else, at the top mapping', () => {
    expect(issues('version-missing/slos.yaml', SlosFileSchema)).toMatchInlineSnapshot(`
      [
        "version-missing/slos.yaml:2:1: version: expected 1, it is missing",
      ]
    `);
  });

  it.each(Object.entries({
    'an empty file': { text: '' },
    'a list at the top': { text: '- version: 1\n' },
    'a scalar at the top': { text: 'hello\n' },
  }))('asks for a top-level mapping in %s', (_, { text }) => {
    const result = parseYaml('rules/slos.yaml', text, SlosFileSchema);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual(['rules/slos.yaml:1:1: expected a mapping with version: 1 at the top']);
  });

  it('a version given as a string is not version 1', () => {
    const result = parseYaml('rules/slos.yaml', 'version: "1"\nslos: []\n', SlosFileSchema);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual(['rules/slos.yaml:1:10: version: expected 1, got "1"']);
  });

  it('a program may not be called all: data/all/ holds the open-data files of all programs', () => {
    const text = 'version: 1\nprograms:\n  - id: all\n    name: All\n    agency: A\n    contact: {name: N, email: n@example.gov}\n';
    const result = parseYaml('data/programs.yaml', text, ProgramsFileSchema);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'data/programs.yaml:3:9: programs[0].id: expected a program id other than "all", which names the open-data folder of all programs (data/all/), got "all"',
    ]);
  });

  describe('a valid minimal config', () => {
    it('applies the portal defaults', () => {
      const result = parseYaml('valid-minimal/portal.yaml', fixture('valid-minimal/portal.yaml'), PortalSchema);
      expect(result.ok && result.doc.value).toEqual({
        version: 1,
        title: 'Test portal',
        agency: 'Test agency',
        contact: { name: 'Portal team', email: 'portal@example.gov' },
        base_url: 'http://localhost:4321/',
        license: 'http://www.usa.gov/publicdomain/label/1.0/',
        raw_retention: 2_592_000, // 30 d × 86 400 s
        min_events: 30,
        suppress_below: 10,
        at: 'now',
        sources: [],
      });
    });

    it('applies the program and KPI defaults', () => {
      const result = parseYaml('valid-minimal/programs.yaml', fixture('valid-minimal/programs.yaml'), ProgramsFileSchema);
      expect(result.ok && result.doc.value.programs).toEqual([
        {
          id: 'benefits',
          name: 'Benefits',
          agency: 'Test agency',
          description: '',
          contact: { name: 'Benefits team', email: 'benefits@example.gov' },
          time_zone: 'UTC',
          tags: [],
          expected_interval: 3600, // 1 h
          public: false,
          kpis: [
            {
              id: 'wait',
              kind: 'distribution',
              label: 'Wait time',
              metric: 'benefits.wait_s',
              description: '',
              unit: '',
              direction: 'lower',
              decimals: 1,
              public: false,
              stat: 'p95',
            },
          ],
        },
      ]);
    });

    it('applies the SLO defaults', () => {
      const result = parseYaml('valid-minimal/slos.yaml', fixture('valid-minimal/slos.yaml'), SlosFileSchema);
      expect(result.ok && result.doc.value.slos).toEqual([
        {
          id: 'benefits-ok',
          program: 'benefits',
          name: 'Requests that succeed',
          description: '',
          noun: 'events',
          sli: { type: 'ratio', good: ['benefits.ok'], total: ['benefits.ok', 'benefits.error'] },
          objective: 0.99,
          window: 2_419_200, // 28 d × 86 400 s
          budgeting: 'events',
          slice: 60, // 1 m
          public: false,
          alerts: { enabled: true, labels: {} }, // burn-rate alerts on, min_events from the SLO or the portal
        },
      ]);
    });

    it('locates a value, and the nearest existing parent of a missing one', () => {
      const result = parseYaml('valid-minimal/slos.yaml', fixture('valid-minimal/slos.yaml'), SlosFileSchema);
      if (!result.ok) throw new Error('valid-minimal/slos.yaml did not parse');
      // line 10 is "    objective: 0.99": the value starts at column 16
      expect(result.doc.locate(['slos', 0, 'objective'])).toEqual({ file: 'valid-minimal/slos.yaml', line: 10, column: 16 });
      // no slice_target in the file: the SLO's mapping, line 3 "  - id: benefits-ok", starts at column 5
      expect(result.doc.locate(['slos', 0, 'slice_target'])).toEqual({ file: 'valid-minimal/slos.yaml', line: 3, column: 5 });
    });
  });
});
