/**
 * What a reader of a page would see, measured in headless Chromium: problems while loading (console
 * errors, page errors, failed or external requests), each chart's drawn marks and size, the demo
 * timeline's rows, scripts on the page, and a full-page screenshot.
 */
import type { Browser } from 'puppeteer-core';
import { openFile } from './browser';

export interface PageInspection {
  readonly file: string;
  readonly problems: readonly string[];
  readonly screenshotBytes: number;
  /** Per `figure.chart`: its name, how many drawn marks its SVG has, and its width in CSS pixels. */
  readonly charts: readonly { name: string; marks: number; width: number }[];
  /** Labels on the demo timeline's y axis (-1 without a timeline). */
  readonly timelineRows: number;
  readonly scripts: number;
}

/** Runs in the page (a string, so it is not type-checked against Node's globals). */
const MEASURE = `(() => {
  const charts = [...document.querySelectorAll('figure.chart')].map((f) => {
    const svg = f.querySelector('svg');
    return {
      name: f.getAttribute('data-chart') || '',
      marks: svg ? svg.querySelectorAll('[role="graphics-symbol"]').length : 0,
      width: svg ? svg.getBoundingClientRect().width : 0,
    };
  });
  const yAxis = document.querySelector('figure[data-chart="timeline"] g.role-axis[aria-label^="Y-axis"]');
  const timelineRows = yAxis ? yAxis.querySelectorAll('.role-axis-label text').length : -1;
  return { charts, timelineRows, scripts: document.querySelectorAll('script').length };
})()`;

export async function inspectPage(
  browser: Browser,
  file: string,
  screenshotPath: string,
): Promise<PageInspection> {
  const { page, problems } = await openFile(browser, file);
  const png = await page.screenshot({ path: screenshotPath, fullPage: true });
  const measured = (await page.evaluate(MEASURE)) as Omit<
    PageInspection,
    'file' | 'problems' | 'screenshotBytes'
  >;
  await page.close();
  return { file, problems, screenshotBytes: png.length, ...measured };
}
