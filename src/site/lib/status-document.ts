import type { ModelIndex, ProgramModel } from '../../core/schemas/model.ts';

/** What `status.json` holds: when the site was built, what instant its data ends at, and each program's freshness. */
export function statusDocument(model: { index: ModelIndex; programs: readonly ProgramModel[] }) {
  return {
    generated_at: model.index.generated_at,
    data_as_of: model.index.at,
    stale_programs: model.programs.filter((p) => p.freshness.stale).length,
    programs: model.programs.map((p) => ({
      id: p.program.id,
      status: p.status,
      newest: p.freshness.newest,
      stale: p.freshness.stale,
      expected_interval_seconds: p.freshness.expected_interval_seconds,
    })),
  };
}
