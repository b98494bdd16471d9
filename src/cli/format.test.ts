import { describe, expect, it } from 'vitest';
import { formatMetrics, table } from './format.js';
import { parseValue } from './request.js';

describe('CLI formatting', () => {
  it('aligns columns: text left, numbers right, 4 decimals', () => {
    const t = table(
      ['name', 'value'],
      [
        ['a', 1],
        ['longer', 0.123456],
      ],
    ).split('\n');
    expect(t).toEqual(['name     value', '------  ------', 'a            1', 'longer  0.1235']);
  });

  it('puts test_* and train_* metrics side by side', () => {
    const out = formatMetrics([
      { metric_name: 'test_accuracy', metric_value: 0.5 },
      { metric_name: 'train_accuracy', metric_value: 1 },
      { metric_name: 'test_recall_macro', metric_value: 0.25 },
    ]).split('\n');
    expect(out[0]).toMatch(/^metric\s+test set\s+training set$/);
    expect(out[2]).toMatch(/^accuracy\s+0\.5000\s+1$/);
    expect(out[3]).toMatch(/^recall_macro\s+0\.2500$/);
  });

  it('types hyper-parameter values by the catalog type', () => {
    const spec = (param_type: string) => ({
      param_name: 'x',
      param_type,
      default: null,
      range_l: null,
      range_u: null,
      options: [],
      description: '',
      range_l_exclusive: false,
      range_u_exclusive: false,
    });
    expect(parseValue('1e-6', spec('float'))).toBe(1e-6);
    expect(parseValue('12', spec('string'))).toBe('12');
    expect(parseValue('true', spec('bool'))).toBe(true);
    expect(parseValue('null', spec('int'))).toBeNull();
    expect(parseValue('{"a":1}', spec('object'))).toEqual({ a: 1 });
    expect(parseValue('rbf')).toBe('rbf');
  });
});
