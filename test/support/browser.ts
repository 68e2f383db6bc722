import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

/** The system's Chromium (Debian's package): no browser is downloaded. .ci/run installs it. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run "apt-get install -y chromium" (.ci/run does this)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A page that records what the CSP refused (the NHS font from assets.nhs.uk is expected, and ignored). */
export async function newPage(browser: Browser, refusedByCsp: string[], options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(5000);
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()) && !/font/i.test(message.text())) refusedByCsp.push(message.text());
  });
  return page;
}

/**
 * axe-core's violations on the page (WCAG 2.2 A and AA, and axe's best
 * practices), each as "rule: help (targets)". axe runs through the DevTools
 * protocol, which the page's CSP does not govern: the CSP stays as served.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  await session.send('Runtime.evaluate', { expression: AXE });
  const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
    expression: `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(RULES)} } })`,
    awaitPromise: true,
    returnByValue: true,
  });
  await session.detach();
  if (exceptionDetails) throw new Error(`axe failed: ${JSON.stringify(exceptionDetails)}`);
  const results = result.value as AxeResults;
  if (results.passes.length <= 10) throw new Error(`axe checked almost nothing (${results.passes.length} passes): is the page empty?`);
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The stylesheet loaded: the header is styled (NHS blue), so colour contrast is judged on the real page. */
export async function expectStyled(page: Page): Promise<void> {
  const colour = await page.evaluate(`getComputedStyle(document.querySelector('header.nhsuk-header')).backgroundColor`);
  if (colour !== 'rgb(0, 94, 184)') throw new Error(`the page is not styled: header background ${String(colour)}`);
}

/** Opens `path` on the app at `baseUrl`, expects the answer `status`, and checks the page is styled. */
export async function visitPage(page: Page, baseUrl: string, path: string, status = 200): Promise<void> {
  const res = await page.goto(`${baseUrl}${path}`);
  if (res?.status() !== status) throw new Error(`${path}: expected ${status}, got ${res?.status()}`);
  await expectStyled(page);
}

/** Signs in on the portal's sign-in form as a person would, and waits for the page it lands on (`lands`, a path). */
export async function signInOnPage(page: Page, baseUrl: string, email: string, password: string, lands = '/portal/staff'): Promise<void> {
  await visitPage(page, baseUrl, '/portal/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${lands}`);
}

/** With PORTAL_SCREENSHOTS=<folder>, saves a full-page screenshot as <folder>/<name>.png, for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.PORTAL_SCREENSHOTS) await page.screenshot({ path: `${process.env.PORTAL_SCREENSHOTS}/${name}.png`, fullPage: true });
}
