/**
 * Which Chromium the page test and `npm run screenshots` launch: the one `npm ci` installs on Linux,
 * or `CHROMIUM_PATH`; every way of not having one says what to do and points to the README.
 */
import * as fs from 'node:fs';
import { BROWSER_HELP, chromiumPath } from '../../../scripts/report-page/browser';

describe('chromiumPath', () => {
  it('uses CHROMIUM_PATH when it names an existing file', async () => {
    // Act
    const found = await chromiumPath({ CHROMIUM_PATH: process.execPath }, 'linux');

    // Assess
    expect(found).toBe(process.execPath);
  });

  it('throws naming CHROMIUM_PATH, its value and the README line when the file does not exist', async () => {
    // Act
    const found = chromiumPath({ CHROMIUM_PATH: '/nowhere/chromium' }, 'linux');

    // Assess
    await expect(found).rejects.toThrow(
      /^CHROMIUM_PATH=\/nowhere\/chromium: no such file; .*unset it.*README\.md, Prerequisites/,
    );
  });

  it('throws pointing to CHROMIUM_PATH and the README on a platform the packaged browser does not cover', async () => {
    // Act
    const found = chromiumPath({}, 'darwin');

    // Assess
    await expect(found).rejects.toThrow(`no headless Chromium for darwin`);
    await expect(found).rejects.toThrow(BROWSER_HELP);
  });

  it('on Linux without CHROMIUM_PATH: the Chromium npm ci installed, unpacked to an executable file', async () => {
    if (process.platform !== 'linux') {
      // The packaged browser is Linux-only; the darwin case above covers the other platforms.
      expect(process.platform).not.toBe('linux');
      return;
    }
    // Act
    const found = await chromiumPath({}, 'linux');

    // Assess
    expect(fs.statSync(found).isFile()).toBe(true);
    expect(() => fs.accessSync(found, fs.constants.X_OK)).not.toThrow();
  });
});

describe('the README line the errors point to', () => {
  it('exists in README.md under Prerequisites', () => {
    // Prepare
    const readme = fs.readFileSync(`${__dirname}/../../../README.md`, 'utf8');
    const prerequisites = readme.split('## Prerequisites')[1]?.split('\n## ')[0] ?? '';

    // Assess
    expect(prerequisites).toContain('A headless browser for the page test');
  });
});
