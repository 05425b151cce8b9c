import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineFunnels, FunnelSpecError, parseFunnelSpec } from '../../src/index.ts';

/** The issues a spec text produces, formatted as the CLI prints them. */
function problems(text: string): string[] {
  try {
    parseFunnelSpec('funnels.yml', text);
  } catch (err) {
    assert.ok(err instanceof FunnelSpecError, String(err));
    return err.message.split('\n');
  }
  assert.fail('the spec was accepted');
}

test('a valid spec loads with the standard events and purchase as defaults', () => {
  const spec = parseFunnelSpec(
    'funnels.yml',
    'funnels:\n  - name: shop\n    steps: [page_view, add_to_cart, purchase]\nrevenue:\n  checkout_route: /checkout\n',
  );
  assert.deepEqual(spec, {
    events: ['page_view', 'signup', 'add_to_cart', 'checkout', 'purchase'],
    funnels: [{ name: 'shop', steps: ['page_view', 'add_to_cart', 'purchase'] }],
    revenue: { purchase_event: 'purchase', checkout_route: '/checkout' },
  });
});

test('a step that is not a known event is reported with file, line, field and the likely fix', () => {
  const text = 'funnels:\n  - name: shop\n    steps:\n      - page_view\n      - add_too_cart\n';
  assert.deepEqual(problems(text), [
    "funnels.yml:5:9: funnels[0].steps[1]: unknown step 'add_too_cart': not one of the events (page_view, signup, add_to_cart, checkout, purchase); did you mean 'add_to_cart'?",
  ]);
});

test('a step that comes back is reported as a cycle', () => {
  const text = 'funnels:\n  - name: shop\n    steps: [page_view, add_to_cart, checkout, add_to_cart]\n';
  const [line] = problems(text);
  assert.match(
    line!,
    /^funnels\.yml:3:\d+: funnels\[0\]\.steps\[3\]: step 'add_to_cart' comes back after steps\[1\]/,
  );
  assert.match(line!, /cycle add_to_cart -> checkout -> add_to_cart/);
});

test('a misspelt field is reported at its key with a suggestion', () => {
  const text = 'funels:\n  - name: shop\n    steps: [page_view, purchase]\n';
  assert.deepEqual(problems(text), [
    "funnels.yml:1:1: funels: unknown field 'funels' (expected events, funnels, revenue, interval); did you mean 'funnels'?",
    'funnels.yml:1:1: funnels: expected a non-empty list of funnels, each with `name` and `steps`',
  ]);
});

test('every problem of a spec is reported at once, nothing half-loads', () => {
  const text = [
    'events: [page_view, Signup]',
    'funnels:',
    '  - name: shop',
    '    steps: [page_view]',
    '  - name: shop',
    '    steps: [page_view, purchase]',
    '    abandonment: { from: purchase, to: page_view }',
    'revenue:',
    '  purchase_event: purchse',
    '  checkout_route: "(unclosed"',
    'interval: soon',
  ].join('\n');
  const lines = problems(text);
  const fields = lines.map((l) => l.split(': ')[1]);
  assert.deepEqual(fields, [
    'events[1]',
    'funnels[0].steps',
    'funnels[1].name',
    'funnels[1].steps[1]',
    'funnels[1].abandonment.from',
    'revenue.purchase_event',
    'revenue.checkout_route',
    'interval',
  ]);
  assert.ok(
    lines.every((l) => /^funnels\.yml:\d+:\d+: /.test(l)),
    lines.join('\n'),
  );
});

test('abandonment must run forward through the funnel', () => {
  const text =
    'funnels:\n  - name: shop\n    steps: [add_to_cart, purchase]\n    abandonment: { from: purchase, to: add_to_cart }\n';
  assert.deepEqual(problems(text), [
    "funnels.yml:4:36: funnels[0].abandonment.to: 'add_to_cart' must come after 'purchase' in the funnel's steps",
  ]);
});

test('YAML syntax errors are reported with their position', () => {
  const [line] = problems('funnels:\n  - name: shop\n    steps: [page_view, purchase\n');
  assert.match(line!, /^funnels\.yml:\d+:\d+: \(top level\): YAML: /);
});

test('a TypeScript spec is validated the same way, naming the field', () => {
  assert.throws(
    () => defineFunnels({ funnels: [{ name: 'shop', steps: ['page_view', 'chekout'] }] }, 'shop.ts'),
    /^FunnelSpecError: shop\.ts: funnels\[0\]\.steps\[1\]: unknown step 'chekout'.*did you mean 'checkout'\?$/,
  );
  const ok = defineFunnels({ funnels: [{ name: 'signup', steps: ['page_view', 'signup'] }] });
  assert.deepEqual(ok.funnels[0]!.steps, ['page_view', 'signup']);
});
