import { describe, expect, it } from 'vitest';
import { matches, parseMatcher, type Matcher } from '../../../src/core/alerts/matchers.ts';
import { buildRouteTree, groupLabels, matchRoutes } from '../../../src/core/alerts/routing.ts';
import { RootRouteSchema } from '../../../src/core/schemas/notify.ts';

const matcher = (text: string) => parseMatcher(text) as Matcher;

describe('matchers', () => {
  it.each([
    ['severity = critical', { severity: 'critical' }, true],
    ['severity = critical', { severity: 'warning' }, false],
    ['team != docket', {}, true], // an unset label reads as the empty text
    ['team != docket', { team: 'docket' }, false],
    ['program =~ "opm-.*"', { program: 'opm-docket-api' }, true],
    ['program =~ "opm-.*"', { program: 'x-opm-1' }, false], // anchored at both ends, as Alertmanager
    ['program =~ opm', { program: 'opm-docket-api' }, false],
    ['env !~ "dev|test"', { env: 'prod' }, true],
    ['env !~ "dev|test"', { env: 'test' }, false],
    ['team = ""', {}, true],
  ])('%s on %j is %s', (text, labels, expected) => {
    expect(matches(matcher(text), labels)).toBe(expected);
  });

  it('says what was expected for text that is not a matcher', () => {
    expect(parseMatcher('severity critical')).toBe(`expected a matcher such as 'severity = critical' or 'program =~ "opm-.*"' (a label name, one of = != =~ !~, a value); got "severity critical"`);
    expect(parseMatcher('program =~ "(unclosed"')).toMatch(/^the regular expression of matcher "program =~ \\"\(unclosed\\"" does not compile: /);
  });
});

describe('the routing tree', () => {
  const tree = buildRouteTree(
    RootRouteSchema.parse({
      receiver: 'default',
      group_wait: '10s',
      routes: [
        { matchers: ['program = opm'], receiver: 'opm', repeat_interval: '1h', routes: [{ matchers: ['severity = critical'], receiver: 'opm-pager', group_by: ['...'] }] },
        { matchers: ['severity = critical'], receiver: 'audit', continue: true },
        { matchers: ['severity = critical'], receiver: 'pager' },
        { matchers: ['severity = critical'], receiver: 'never' },
      ],
    }),
  );
  const ends = (labels: Record<string, string>) => matchRoutes(tree, labels).map((route) => `${route.id}:${route.receiver}`);

  it('follows the first matching child and stops there, unless it says continue', () => {
    expect(ends({ program: 'opm', severity: 'warning' })).toEqual(['root.0:opm']);
    expect(ends({ program: 'opm', severity: 'critical' })).toEqual(['root.0.0:opm-pager']);
    expect(ends({ program: 'dot', severity: 'critical' })).toEqual(['root.1:audit', 'root.2:pager']);
    expect(ends({ program: 'dot', severity: 'warning' })).toEqual(['root:default']);
  });

  it('children inherit what they do not set', () => {
    const [pager] = matchRoutes(tree, { program: 'opm', severity: 'critical' });
    expect(pager).toMatchObject({ groupWaitSeconds: 10, groupIntervalSeconds: 300, repeatIntervalSeconds: 3600, groupBy: ['...'] });
    expect(matchRoutes(tree, { program: 'dot' })[0]).toMatchObject({ groupBy: ['alertname', 'program'], repeatIntervalSeconds: 4 * 3600 });
  });

  it('groups by the named labels, or by all of them for "..."', () => {
    const labels = { alertname: 'a', program: 'opm', severity: 'critical', team: 't' };
    expect(groupLabels(tree, labels)).toEqual({ alertname: 'a', program: 'opm' });
    expect(groupLabels(matchRoutes(tree, labels)[0]!, labels)).toEqual(labels);
  });
});
