import type { InputIssue } from '../errors.ts';
import type { Annotation } from '../schemas/annotation.ts';
import type { Portal } from '../schemas/portal.ts';
import type { Program } from '../schemas/program.ts';
import type { Slo } from '../schemas/slo.ts';
import type { LocatedYaml } from './parse-yaml.ts';

/** A portal's validated configuration: everything but the metric data. */
export interface PortalConfig {
  portal: Portal;
  programs: Program[];
  slos: Slo[];
  annotations: Annotation[];
}

export interface PortalDocuments {
  portal: LocatedYaml<Portal>;
  programs: LocatedYaml<{ programs: Program[] }>;
  slos: LocatedYaml<{ slos: Slo[] }>;
  annotations?: LocatedYaml<{ annotations: Annotation[] }>;
}

/** Checks what no single file's schema can: unique ids and references between files. */
export function checkReferences(docs: PortalDocuments): InputIssue[] {
  const issues: InputIssue[] = [];
  const report = (doc: LocatedYaml<unknown>, path: (string | number)[], message: string) =>
    issues.push({ ...doc.locate(path), message });

  const programs = docs.programs.value.programs;
  const programIds = new Map<string, Program>();
  programs.forEach((program, index) => {
    if (programIds.has(program.id)) report(docs.programs, ['programs', index, 'id'], `programs[${index}].id: duplicate program id "${program.id}"; ids must be unique`);
    else programIds.set(program.id, program);
    const kpiIds = new Set<string>();
    program.kpis.forEach((kpi, kpiIndex) => {
      if (kpiIds.has(kpi.id)) report(docs.programs, ['programs', index, 'kpis', kpiIndex, 'id'], `programs[${index}].kpis[${kpiIndex}].id: duplicate KPI id "${kpi.id}" in program "${program.id}"`);
      kpiIds.add(kpi.id);
    });
  });

  const sloIds = new Set<string>();
  docs.slos.value.slos.forEach((slo, index) => {
    if (sloIds.has(slo.id)) report(docs.slos, ['slos', index, 'id'], `slos[${index}].id: duplicate SLO id "${slo.id}"; ids must be unique`);
    sloIds.add(slo.id);
    const program = programIds.get(slo.program);
    if (!program) {
      report(docs.slos, ['slos', index, 'program'], `slos[${index}].program: unknown program "${slo.program}"; expected one of ${[...programIds.keys()].join(', ')}`);
      return;
    }
    if (slo.public && !program.public) report(docs.slos, ['slos', index, 'public'], `slos[${index}].public: SLO is public but program "${program.id}" is not`);
  });

  docs.annotations?.value.annotations.forEach((annotation, index) => {
    if (!programIds.has(annotation.program)) {
      report(docs.annotations!, ['annotations', index, 'program'], `annotations[${index}].program: unknown program "${annotation.program}"`);
    }
  });
  return issues;
}
