import { BUSINESS_EVENTS, BUSINESS_REVENUE, HTTP_SERVER_DURATION } from '@golden-signals/conventions';
import type { Dashboard, VariableModel } from '@grafana/schema';
import { dashboard } from '../dashboard.ts';
import { queryVariable } from '../datasource.ts';
import { barGauge } from '../panels/barGauge.ts';
import { CURRENCY } from '../panels/fieldDefaults.ts';
import { stat } from '../panels/stat.ts';
import { timeseries } from '../panels/timeseries.ts';
import { BY_SERVICE, selector } from '../promql.ts';

/** The shop funnel, in order: the seed's page views, carts, checkouts and purchases. */
export const FUNNEL_STEPS = ['page_view', 'add_to_cart', 'checkout', 'purchase'] as const;

const EVENTS = BUSINESS_EVENTS.prometheus;
const REVENUE = BUSINESS_REVENUE.prometheus;
const REQUESTS = `${HTTP_SERVER_DURATION.prometheus}_count`;

function events(event: string): string {
  return selector(EVENTS, { ...BY_SERVICE, event: `="${event}"` });
}

/** Conversion between two steps over a window: `to` events per `from` event. */
function conversion(from: string, to: string, window: string): string {
  return `sum(increase(${events(to)}[${window}])) / sum(increase(${events(from)}[${window}]))`;
}

/**
 * Revenue at risk per hour: failed checkout requests per second times the average order value of
 * the last hour, by currency. "Nothing failed" reads 0, not "no data".
 */
const REVENUE_AT_RISK = [
  '(',
  `  sum by (service_name) (rate(${selector(REQUESTS, { ...BY_SERVICE, http_route: '=~"$checkout_route"', error_type: '!=""' })}[$__rate_interval]))`,
  `  or 0 * sum by (service_name) (rate(${selector(REQUESTS, { ...BY_SERVICE, http_route: '=~"$checkout_route"' })}[$__rate_interval]))`,
  ')',
  // `group_right ()` needs its (empty) label list: a bare `group_right (` would read the next
  // parenthesis as the label list.
  '* on (service_name) group_right ()',
  '(',
  `  sum by (service_name, currency) (increase(${selector(REVENUE, BY_SERVICE)}[1h]))`,
  `  / on (service_name) group_left sum by (service_name) (increase(${events('purchase')}[1h]))`,
  ')',
  '* 3600',
].join('\n');

/** A free-text variable: the route(s) where customers pay, as a regular expression. */
function checkoutRouteVariable(): VariableModel {
  return {
    name: 'checkout_route',
    label: 'Checkout route (regex)',
    type: 'textbox',
    query: '.*checkout.*',
    current: { text: '.*checkout.*', value: '.*checkout.*' },
  };
}

/**
 * Business: the funnel, step-to-step conversion, revenue now against the same time yesterday, and
 * revenue at risk: what failing checkouts cost right now.
 */
export function businessDashboard(): Dashboard {
  return dashboard({
    uid: 'golden-signals-business',
    title: 'Business',
    description:
      'Funnel, conversion and revenue from business events, and the revenue failing checkouts put at risk.',
    tags: ['business'],
    from: 'now-6h',
    variables: [
      queryVariable({
        name: 'service_name',
        label: 'Service',
        query: `label_values(${EVENTS}, service_name)`,
      }),
      checkoutRouteVariable(),
    ],
    rows: [
      {
        title: 'Funnel',
        panels: [
          barGauge({
            title: 'Funnel over the selected range',
            unit: 'short',
            queries: FUNNEL_STEPS.map((step) => ({
              expr: `sum(increase(${events(step)}[$__range]))`,
              legend: step,
            })),
          }),
          timeseries({
            title: 'Conversion between steps (15 min)',
            unit: 'percentunit',
            min: 0,
            queries: FUNNEL_STEPS.slice(1).map((to, i) => ({
              expr: conversion(FUNNEL_STEPS[i]!, to, '15m'),
              legend: `${FUNNEL_STEPS[i]} → ${to}`,
            })),
          }),
          stat({
            title: 'Visit to purchase',
            unit: 'percentunit',
            query: { expr: conversion('page_view', 'purchase', '$__range'), legend: 'conversion' },
          }),
          stat({
            title: 'Cart abandonment',
            description: 'Carts that did not end in a purchase over the selected range.',
            unit: 'percentunit',
            query: {
              expr: `1 - (${conversion('add_to_cart', 'purchase', '$__range')})`,
              legend: 'abandoned',
            },
            steps: [
              { color: 'green', value: null },
              { color: 'orange', value: 0.7 },
              { color: 'red', value: 0.85 },
            ],
          }),
          timeseries({
            title: 'Business events',
            unit: 'short',
            w: 12,
            queries: [
              {
                expr: `sum by (event) (rate(${selector(EVENTS, BY_SERVICE)}[$__rate_interval]))`,
                legend: '{{event}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Revenue',
        panels: [
          timeseries({
            title: 'Revenue per hour: today vs yesterday',
            unit: CURRENCY,
            queries: [
              {
                expr: `sum by (currency) (rate(${selector(REVENUE, BY_SERVICE)}[$__rate_interval])) * 3600`,
                legend: 'today {{currency}}',
              },
              {
                expr: `sum by (currency) (rate(${selector(REVENUE, BY_SERVICE)}[$__rate_interval] offset 1d)) * 3600`,
                legend: 'yesterday {{currency}}',
              },
            ],
          }),
          stat({
            title: 'Revenue, last 24 h',
            unit: CURRENCY,
            query: {
              expr: `sum by (currency) (increase(${selector(REVENUE, BY_SERVICE)}[1d]))`,
              legend: '{{currency}}',
            },
          }),
          stat({
            title: 'Revenue, last 24 h vs the day before',
            unit: 'percentunit',
            description: 'Change against the same 24 hours a day earlier.',
            query: {
              expr: `sum by (currency) (increase(${selector(REVENUE, BY_SERVICE)}[1d])) / sum by (currency) (increase(${selector(REVENUE, BY_SERVICE)}[1d] offset 1d)) - 1`,
              legend: '{{currency}}',
            },
          }),
          timeseries({
            title: 'Revenue at risk per hour',
            description:
              'Failed checkout requests times the average order value of the last hour: what errors cost right now.',
            unit: CURRENCY,
            w: 24,
            queries: [{ expr: REVENUE_AT_RISK, legend: '{{service_name}} {{currency}}' }],
          }),
        ],
      },
    ],
  });
}
