import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM });
}

/** Every request a context makes, and every console message and page error, for the assertions. */
export interface Recorder {
  requests: string[];
  console: string[];
  errors: string[];
  dialogs: string[];
}

/** A browser context that records what its pages request and print. */
export async function recordingContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; record: Recorder; open: (url: string) => Promise<Page> }> {
  const context = await browser.newContext(options);
  const record: Recorder = { requests: [], console: [], errors: [], dialogs: [] };
  context.on('request', (request) => void record.requests.push(request.url()));
  context.on('console', (message) => void record.console.push(`${message.type()}: ${message.text()}`));
  context.on('page', (page) => {
    page.on('pageerror', (error) => void record.errors.push(error.message));
    page.on('dialog', (dialog) => {
      record.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  const open = async (url: string) => {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return page;
  };
  return { context, record, open };
}
