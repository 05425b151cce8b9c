import { groupLabels as amGroupLabels, matchRoutes as amMatchRoutes } from '@golden-signals/alert-routing';
import type { Labels } from '../../alert.ts';
import type { RouteConfig } from '../types.ts';

/**
 * The routes that notify for an alert, as Alertmanager's Route.Match (through alert-routing):
 * children in order, the first match ends the search unless it says `continue: true`, a node
 * whose children all miss handles the alert itself. One entry per route, so a receiver reached
 * by two routes gets two messages, as in Alertmanager.
 */
export function matchRoutes(root: RouteConfig, labels: Labels): RouteConfig[] {
  return amMatchRoutes(root, labels);
}

/** The labels that define an alert's group on a route (`group_by`, or all of them for `...`). */
export function groupLabels(route: RouteConfig, labels: Labels): Record<string, string> {
  return amGroupLabels(route, labels);
}

/** Stable key of a group: the route's id plus its sorted group labels. */
export function groupKey(route: RouteConfig, group: Readonly<Record<string, string>>): string {
  const parts = Object.keys(group)
    .sort()
    .map((k) => `${k}=${JSON.stringify(group[k])}`);
  return `${route.id}:{${parts.join(',')}}`;
}
