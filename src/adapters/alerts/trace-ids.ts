import type { Rule } from '../../core/alerts/rules.ts';
import type { Store } from '../store/open-store.ts';
import { sqlDouble, sqlList, sqlString, sqlTimestamp } from '../store/sql.ts';

/** How many example trace ids an incident keeps. */
export const TRACE_ID_EXAMPLES = 5;

/** What a rule's bad events are: the metrics, and the order that puts the worst first (and a limit past which an event is bad). */
function badEvents(rule: Rule): { metrics: string[]; worstFirst: 'DESC' | 'ASC'; filter?: string; windowSeconds: number } {
  if (rule.kind === 'threshold') {
    const { spec } = rule;
    if (spec.aggregation === 'error_ratio') return { metrics: spec.bad ?? [], worstFirst: 'DESC', windowSeconds: spec.window };
    if (spec.aggregation === 'sla_adherence') return { metrics: [spec.metric!], worstFirst: spec.sla_op === 'le' ? 'DESC' : 'ASC', windowSeconds: spec.window };
    return { metrics: [spec.metric!], worstFirst: spec.comparison.startsWith('<') ? 'ASC' : 'DESC', windowSeconds: spec.window };
  }
  const { sli } = rule.slo;
  if (sli.type === 'ratio') return { metrics: sli.total.filter((metric) => !sli.good.includes(metric)), worstFirst: 'DESC', windowSeconds: 3600 };
  return { metrics: [sli.metric], worstFirst: sli.op === 'le' ? 'DESC' : 'ASC', filter: `value ${sli.op === 'le' ? '>' : '<'} ${sqlDouble(sli.threshold)}`, windowSeconds: 3600 };
}

/**
 * Example trace ids for an incident: the `trace_id` tags of the rule's worst raw events (slowest first
 * for latency, failed ones for error ratios), at most TRACE_ID_EXAMPLES, from the window before the
 * alert went pending (`since`) up to `at`: everything the alert saw while it was pending and fired.
 * Events without a trace_id tag, and windows past raw retention, give none.
 */
export async function exampleTraceIds(store: Store, rule: Rule, at: Date, since: Date = at): Promise<string[]> {
  const bad = badEvents(rule);
  if (bad.metrics.length === 0) return [];
  const start = new Date(Math.min(at.getTime(), since.getTime()) - bad.windowSeconds * 1000);
  const rows = await store.rows<{ trace_id: string }>(`
    SELECT trace_id FROM (
      SELECT json_extract_string(tags, '$.trace_id') AS trace_id, value, ts FROM events
      WHERE program_id = ${sqlString(rule.program)} AND metric IN ${sqlList(bad.metrics)}
        AND ts >= ${sqlTimestamp(start)} AND ts < ${sqlTimestamp(at)} AND tags LIKE '%trace_id%'
        ${bad.filter === undefined ? '' : `AND ${bad.filter}`}
    ) WHERE trace_id IS NOT NULL
    ORDER BY value ${bad.worstFirst}, ts, trace_id LIMIT ${TRACE_ID_EXAMPLES}`);
  return [...new Set(rows.map((row) => row.trace_id))];
}
