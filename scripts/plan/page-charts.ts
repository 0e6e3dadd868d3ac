/** The plan page's charts: key-age and idle-age histograms by status, thresholds drawn. */
import type { ChartSpec } from '../report-page/chart-svg';
import type { InventoryKey } from './key-inventory';

const STATUS = {
  field: 'status',
  type: 'nominal' as const,
  title: 'key status',
  scale: { domain: ['Active', 'Inactive'], range: ['#16a34a', '#f59e0b'] },
};

export function ageHistogramSpec(input: {
  readonly title: string;
  readonly keys: readonly InventoryKey[];
  readonly field: 'ageDays' | 'idleDays';
  readonly axisTitle: string;
  readonly threshold: number;
  readonly thresholdLabel: string;
}): ChartSpec {
  const values = input.keys.map((k) => ({
    ...k,
    text: `${k.user}: ${k.status} key, ${k.ageDays} days old, ${k.neverUsed ? 'never used' : `last used ${k.idleDays} days ago`}`,
  }));
  const top = Math.max(input.threshold + 10, ...input.keys.map((k) => k[input.field] + 1));
  const step = top > 400 ? 30 : top > 150 ? 10 : 5;
  return {
    title: input.title,
    width: 520,
    height: 220,
    layer: [
      {
        data: { values },
        mark: { type: 'bar', binSpacing: 1 },
        encoding: {
          x: {
            field: input.field,
            type: 'quantitative',
            bin: { step, extent: [0, Math.ceil(top / step) * step] },
            title: input.axisTitle,
          },
          y: { aggregate: 'count', type: 'quantitative', title: 'keys' },
          color: STATUS,
        },
      },
      {
        data: { values: [{}] },
        mark: { type: 'rule', color: '#dc2626', strokeWidth: 2, strokeDash: [6, 3] },
        encoding: {
          x: { datum: input.threshold, type: 'quantitative' },
          description: { value: `${input.thresholdLabel}: ${input.threshold} days` },
        },
      },
      {
        data: { values: [{}] },
        mark: {
          type: 'text',
          color: '#dc2626',
          align: 'left',
          dx: 4,
          dy: 2,
          baseline: 'top',
          fontWeight: 600,
        },
        encoding: {
          x: { datum: input.threshold, type: 'quantitative' },
          y: { value: 0 },
          text: { value: `${input.thresholdLabel} (${input.threshold} d)` },
        },
      },
    ],
  } as ChartSpec;
}
