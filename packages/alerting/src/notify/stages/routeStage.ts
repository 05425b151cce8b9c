import type { Labels } from '../../alert.ts';
import { matchAll } from '../matcher.ts';
import type { RouteConfig } from '../types.ts';

/**
 * The routes an alert goes to, walking the tree as Alertmanager does: the root matches every
 * alert; children are tried in order, the first match wins unless it says `continue: true`; a
 * node whose children all miss handles the alert itself.
 */
export function matchRoutes(root: RouteConfig, labels: Labels): RouteConfig[] {
  return walk(root, labels);
}

function walk(node: RouteConfig, labels: Labels): RouteConfig[] {
  const out: RouteConfig[] = [];
  for (const child of node.routes) {
    if (!matchAll(child.matchers, labels)) continue;
    out.push(...walk(child, labels));
    if (!child.continue) break;
  }
  return out.length ? out : [node];
}

/** The labels that define an alert's group on a route (`group_by`, or all of them for `...`). */
export function groupLabels(route: RouteConfig, labels: Labels): Record<string, string> {
  if (route.groupByAll) return { ...labels };
  const out: Record<string, string> = {};
  for (const name of route.groupBy) if (labels[name] !== undefined) out[name] = labels[name];
  return out;
}

/** Stable key of a group: the route's id plus its sorted group labels. */
export function groupKey(route: RouteConfig, group: Readonly<Record<string, string>>): string {
  const parts = Object.keys(group)
    .sort()
    .map((k) => `${k}=${JSON.stringify(group[k])}`);
  return `${route.id}:{${parts.join(',')}}`;
}
