import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIssue, issueAt, parseYamlFile } from '@golden-signals/config-issues';
import { parseRoutingConfig } from '../src/index.ts';

describe('config: every routing issue points at file:line:column with what was expected', () => {
  it('locates a bad matcher, a duplicate group_by label and an unknown receiver', () => {
    const text = [
      'route:',
      '  receiver: default',
      '  routes:',
      "    - matchers: ['team=\"db\"', 'severity critical']",
      '      group_by: [service, service]',
      '    - receiver: nobody',
      'receivers:',
      '  - name: default',
      '',
    ].join('\n');
    const file = parseYamlFile('alerting.yml', text);
    const { issues } = parseRoutingConfig(file.value);
    const lines = issues.map((i) => formatIssue(issueAt(file.loc, i.path, i.message)));
    assert.deepEqual(lines, [
      'alerting.yml:5:27: route.routes[0].group_by[1]: duplicated label "service" in group_by',
      "alerting.yml:4:31: route.routes[0].matchers[1]: bad matcher format: severity critical (in 'severity critical')",
      'alerting.yml:6:7: route.routes[1].receiver: undefined receiver "nobody" used in route',
    ]);
  });
});
