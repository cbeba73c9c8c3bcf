import type { RootRoute, RouteSpec } from '../schemas/notify.ts';
import { matchesAll, type Matcher } from './matchers.ts';

/** A route with everything it inherits filled in. */
export interface Route {
  /** Its place in the tree: `root`, `root.0`, `root.0.1` …; part of every group key. */
  id: string;
  receiver: string;
  matchers: readonly Matcher[];
  continue: boolean;
  /** Labels that split its alerts into groups; `['...']` groups by every label (one alert a group). */
  groupBy: readonly string[];
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
  routes: readonly Route[];
}

/** Fills in what each route inherits from its parent, as Alertmanager does. */
export function buildRouteTree(root: RootRoute): Route {
  const top: Route = {
    id: 'root',
    receiver: root.receiver,
    matchers: [],
    continue: false,
    groupBy: root.group_by,
    groupWaitSeconds: root.group_wait,
    groupIntervalSeconds: root.group_interval,
    repeatIntervalSeconds: root.repeat_interval,
    routes: [],
  };
  return { ...top, routes: root.routes.map((spec, index) => child(spec, top, `root.${index}`)) };
}

function child(spec: RouteSpec, parent: Route, id: string): Route {
  const route: Route = {
    id,
    receiver: spec.receiver ?? parent.receiver,
    matchers: spec.matchers,
    continue: spec.continue,
    groupBy: spec.group_by ?? parent.groupBy,
    groupWaitSeconds: spec.group_wait ?? parent.groupWaitSeconds,
    groupIntervalSeconds: spec.group_interval ?? parent.groupIntervalSeconds,
    repeatIntervalSeconds: spec.repeat_interval ?? parent.repeatIntervalSeconds,
    routes: [],
  };
  return { ...route, routes: spec.routes.map((grandchild, index) => child(grandchild, route, `${id}.${index}`)) };
}

/**
 * The routes an alert ends at, as Alertmanager's Route.Match: the root matches everything; among a
 * route's children the first that matches is followed, and the search stops there unless that child
 * says `continue: true`; a route none of whose children match is itself the match.
 */
export function matchRoutes(route: Route, labels: Readonly<Record<string, string>>): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const found: Route[] = [];
  for (const next of route.routes) {
    const matched = matchRoutes(next, labels);
    if (matched.length === 0) continue;
    found.push(...matched);
    if (!next.continue) break;
  }
  return found.length > 0 ? found : [route];
}

/** Every route of the tree, depth first (for checks and `notify` listings). */
export function allRoutes(route: Route): Route[] {
  return [route, ...route.routes.flatMap(allRoutes)];
}

/** The labels that name an alert's group on a route: its group_by labels (all of them for `...`). */
export function groupLabels(route: Route, labels: Readonly<Record<string, string>>): Record<string, string> {
  if (route.groupBy.includes('...')) return { ...labels };
  const picked: Record<string, string> = {};
  for (const name of route.groupBy) if (labels[name] !== undefined) picked[name] = labels[name];
  return picked;
}
