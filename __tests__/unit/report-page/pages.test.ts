/** The pure pieces of the report pages: hover titles, escaping, key lanes, user paths. */
import { keyLanes } from '../../../scripts/demo/page-charts';
import type { KeySegment } from '../../../scripts/demo/key-ledger';
import { userPath } from '../../../scripts/plan/key-inventory';
import { chartSvg, withHoverTitles } from '../../../scripts/report-page/chart-svg';
import { esc, htmlPage } from '../../../scripts/report-page/page';

const segment = (accessKeyId: string, from: number, to?: number): KeySegment => ({
  user: 'alice',
  accessKeyId,
  status: 'Active',
  from,
  to,
  createdDay: from,
});

describe('withHoverTitles', () => {
  it('gives a mark with an aria-label a <title> child and leaves axes alone', () => {
    // Prepare
    const svg =
      '<g role="graphics-symbol" aria-label="X-axis"><path d="M0"/></g>' +
      '<path aria-label="alice: key &lt;1&gt;" role="graphics-symbol" d="M1"/>';

    // Act
    const out = withHoverTitles(svg);

    // Assess
    expect(out).toBe(
      '<g role="graphics-symbol" aria-label="X-axis"><path d="M0"/></g>' +
        '<path aria-label="alice: key &lt;1&gt;" role="graphics-symbol" d="M1"><title>alice: key &lt;1&gt;</title></path>',
    );
  });

  it('makes hover text of a Vega-Lite description in a rendered chart', async () => {
    // Act
    const svg = await chartSvg({
      data: { values: [{ a: 'x', b: 3, t: 'three <keys>' }] },
      mark: 'bar',
      encoding: {
        y: { field: 'a', type: 'nominal' },
        x: { field: 'b', type: 'quantitative' },
        description: { field: 't' },
      },
    });

    // Assess
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('<title>three &lt;keys&gt;</title>');
  });
});

describe('htmlPage', () => {
  it('escapes text and loads nothing from elsewhere', () => {
    // Act
    const html = htmlPage({ title: 'a <b> & "c"', subtitle: 's', sections: [] });

    // Assess
    expect(esc('<x & "y">')).toBe('&lt;x &amp; &quot;y&quot;&gt;');
    expect(html).toContain('<h1>a &lt;b&gt; &amp; &quot;c&quot;</h1>');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|https?:\/\//);
  });
});

describe('keyLanes', () => {
  it.each([
    [
      'a rotation overlap puts the new key in the second lane',
      [segment('old', -90, 7), segment('new', 0)],
      { old: 0, new: 1 },
    ],
    [
      'a key made after the last one went reuses the first lane',
      [segment('k1', -90, 10), segment('k2', 10)],
      { k1: 0, k2: 0 },
    ],
    [
      'a third key takes the lane freed first',
      [segment('k1', -90, 10), segment('k2', 0, 40), segment('k3', 20)],
      { k1: 0, k2: 1, k3: 0 },
    ],
  ])('%s', (_name, segments, lanes) => {
    // Act
    const out = keyLanes(segments, 120);

    // Assess
    expect(Object.fromEntries(out)).toEqual(lanes);
  });
});

describe('userPath', () => {
  it.each([
    ['arn:aws:iam::123456789012:user/alice', '/'],
    ['arn:aws:iam::123456789012:user/workloads/data/etl', '/workloads/data/'],
  ])('%s is under %s', (arn, path) => {
    // Assess
    expect(userPath(arn)).toBe(path);
  });
});
