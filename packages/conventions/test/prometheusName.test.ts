import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelName, prometheusName } from '../src/prometheusName.ts';

describe('prometheusName', () => {
  it('adds the unit suffix to a histogram in seconds', () => {
    assert.equal(
      prometheusName('http.server.request.duration', 's', 'histogram'),
      'http_server_request_duration_seconds',
    );
  });
  it('ends counters in _total and drops curly-brace annotation units', () => {
    assert.equal(prometheusName('business.events', '{event}', 'counter'), 'business_events_total');
  });
  it('names a 0..1 gauge a ratio', () => {
    assert.equal(prometheusName('saturation', '1', 'gauge'), 'saturation_ratio');
  });
  it('does not repeat a suffix the name already has', () => {
    assert.equal(prometheusName('process.memory.bytes', 'By', 'gauge'), 'process_memory_bytes');
    assert.equal(prometheusName('requests_total', '{request}', 'counter'), 'requests_total');
  });
  it('never gives a gauge the _count suffix Prometheus reserves for histograms', () => {
    assert.equal(prometheusName('process.thread.count', '{thread}', 'updowncounter'), 'process_threads');
    assert.equal(prometheusName('system.cpu.logical.count', '{cpu}', 'gauge'), 'system_cpu_logical_cpus');
    assert.equal(prometheusName('queue.count', '', 'gauge'), 'queue_number');
    assert.equal(
      prometheusName('http.server.request.duration', 's', 'histogram'),
      'http_server_request_duration_seconds',
    );
  });
  it('turns attribute keys into label names', () => {
    assert.equal(labelName('http.response.status_code'), 'http_response_status_code');
    assert.equal(labelName('9lives'), '_9lives');
  });
});
