import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, it } from 'vitest';
import { writeExports } from '../../../src/adapters/exports/write-exports.ts';
import { createModelWriter } from '../../../src/adapters/model/write-model.ts';
import { smallIndex, smallProgram } from '../../fixtures/model/small-model.ts';
import { tempDir } from '../../helpers/temp.ts';

const quiet = { step() {}, done() {} };

it('names from the portal folder stay text: quoted in CSV, escaped in the Atom feed, plain in JSON', async () => {
  const dir = tempDir();
  const model = join(dir, 'model');
  const program = smallProgram();
  program.program.name = '<script>alert("x")</script> calls';
  // An alert summary is a template of the rule file: it could start like a formula or hold markup.
  program.incidents = [{
    id: 'INC-20261031-abcdef', program: 'benefits', rule: 'wait-high', title: '=HYPERLINK("https://evil.example") <b>wait</b>', severity: 'critical', status: 'resolved', acknowledged: false,
    started_at: '2026-10-31T10:00:00.000Z', opened_at: '2026-10-31T10:02:00.000Z', resolved_at: '2026-10-31T10:47:30.000Z', timeline: [],
  }];
  const writer = createModelWriter(model);
  writer.writeProgram(program);
  writer.finish(smallIndex());
  const out = join(dir, 'site');
  await writeExports(model, out, quiet);

  // The SLO is named "=Answered within 60 s": a formula to a spreadsheet, unless neutralized.
  const csv = readFileSync(join(out, 'data/benefits/slos.csv'), 'utf8');
  expect(csv).toContain(`,"'=Answered within 60 s",`);
  expect(JSON.parse(readFileSync(join(out, 'data/benefits/slos.json'), 'utf8'))[0].name).toBe('=Answered within 60 s');
  // The all-program table is written by DuckDB's CSV writer under the same rules: text quoted,
  // formula-like text behind a quote, other text (28d) and numbers as they are.
  const all = readFileSync(join(out, 'data/all/slos.csv'), 'utf8');
  expect(all.startsWith('\uFEFFprogram_id,slo_id,name,')).toBe(true);
  expect(all).toContain(`"benefits","answer-60s","'=Answered within 60 s",2026-11-01T00:00:00Z,"28d",`);
  expect(all.split('\r\n')).toHaveLength(3); // header, one SLO, and the empty string after the last CRLF
  // The hourly value -3.2 is a number in every format, not neutralized text.
  expect(readFileSync(join(out, 'data/benefits/wait.hourly.csv'), 'utf8')).toContain(',-3.2,');

  // The incidents file, by toCsv: the title behind a quote, times and the duration (47.5 min → 48) as they are.
  const incidents = readFileSync(join(out, 'data/incidents.csv'), 'utf8');
  expect(incidents).toBe('\uFEFFid,program_id,rule,title,severity,status,started_at,opened_at,resolved_at,duration_minutes\r\n'
    + 'INC-20261031-abcdef,benefits,wait-high,"\'=HYPERLINK(""https://evil.example"") <b>wait</b>",critical,resolved,2026-10-31T10:00:00Z,2026-10-31T10:02:00Z,2026-10-31T10:47:30Z,48\r\n');
  expect(JSON.parse(readFileSync(join(out, 'data/incidents.json'), 'utf8'))[0].title).toBe('=HYPERLINK("https://evil.example") <b>wait</b>');

  const feed = readFileSync(join(out, 'data/status.atom'), 'utf8');
  expect(feed).not.toContain('<script>');
  expect(feed).not.toContain('<b>');
  expect(feed).toContain('incident resolved: =HYPERLINK(&quot;https://evil.example&quot;) &lt;b&gt;wait&lt;/b&gt;');
  expect(feed).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; calls: =Answered within 60 s is on track');
  const catalog = readFileSync(join(out, 'data.json'), 'utf8');
  expect(JSON.parse(catalog).dataset[0].title).toBe('<script>alert("x")</script> calls: Wait time');
});

it('every text cell DuckDB writes that starts like a formula is neutralized, separators stay inside it, and negative numbers stay numbers', async () => {
  const dir = tempDir();
  const model = join(dir, 'model');
  const program = smallProgram();
  // Names (SLO files, written by DuckDB's CSV writer) and a unit (the all-program KPI files) from the
  // portal folder, each starting with one of OWASP's characters, with a separator or quote inside.
  const names = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tTab, inside', '\rCR "quoted"', '\nLF; x'];
  program.slos = names.map((name, i) => ({ ...program.slos[0]!, id: `slo-${i}`, name }));
  program.kpis[0]!.unit = '=ms';
  const writer = createModelWriter(model);
  writer.writeProgram(program);
  writer.finish(smallIndex());
  const out = join(dir, 'site');
  await writeExports(model, out, quiet);

  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    for (const file of ['data/benefits/slos.csv', 'data/all/slos.csv']) {
      const rows = (await db.runAndReadAll(`SELECT name, budget_remaining FROM read_csv('${join(out, file)}', header = true, quote = '"', escape = '"') ORDER BY slo_id`)).getRowObjectsJS();
      // One record per SLO: no separator or line break inside a name started a new cell or row.
      expect(rows.map((row) => row.name), file).toEqual(names.map((name) => `'${name}`));
      // budget_remaining is a number column, read as a number (DOUBLE), not text.
      expect(rows.every((row) => typeof row.budget_remaining === 'number'), file).toBe(true);
    }
    const history = (await db.runAndReadAll(`SELECT min(budget_remaining) AS low, typeof(min(budget_remaining)) AS type FROM read_csv('${join(out, 'data/benefits/slo-daily.csv')}', header = true)`)).getRowObjectsJS();
    expect(history).toEqual([{ low: -0.2, type: 'DOUBLE' }]); // the breached day: −0.2 stays a negative number
    const units = (await db.runAndReadAll(`SELECT DISTINCT unit FROM read_csv('${join(out, 'data/all/kpi-daily.csv')}', header = true) WHERE kpi_id = 'wait'`)).getRowObjectsJS();
    expect(units).toEqual([{ unit: "'=ms" }]);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
});

it('an all-program table without rows is its header alone, with no empty line after it', async () => {
  const dir = tempDir();
  const model = join(dir, 'model');
  const program = smallProgram();
  program.slos = [];
  const writer = createModelWriter(model);
  writer.writeProgram(program);
  writer.finish(smallIndex());
  const out = join(dir, 'site');
  await writeExports(model, out, quiet);
  for (const name of ['slos', 'slo-daily']) {
    const csv = readFileSync(join(out, `data/all/${name}.csv`), 'utf8');
    expect(csv.startsWith('\uFEFFprogram_id,slo_id,')).toBe(true);
    expect(csv.split('\r\n'), name).toHaveLength(2); // the header and the empty string after its CRLF
  }
  // …while the KPI series, which have rows, end with one CRLF after their last row.
  const series = readFileSync(join(out, 'data/all/kpi-hourly.csv'), 'utf8');
  expect(series.endsWith('\r\n')).toBe(true);
  expect(series.endsWith('\r\n\r\n')).toBe(false);
});
