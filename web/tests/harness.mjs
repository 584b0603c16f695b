// What every browser suite of the editor shares: Debian's Chromium driven by
// playwright-core, named steps that keep going after a failure, screenshots,
// and the few editor gestures the suites repeat (sign in, type, undo).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Thrown by `expect`; the step prints its message. */
export function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

/**
 * Opens headless Chromium on a fresh profile. Every page is a tab with its
 * own sessionStorage, so its own token. `shots` is where screenshots go.
 */
export async function openBrowser({ shots }) {
  mkdirSync(shots, { recursive: true });
  const userDir = mkdtempSync(join(tmpdir(), 'editor-chromium-'));
  // Without the background-networking flags Chromium keeps dialing Google's
  // hosts, which an air-gapped machine refuses.
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  let passed = 0;
  let failed = 0;
  return {
    /** Page errors and console errors of every page, in order. */
    errors,
    async newPage() {
      const page = await context.newPage();
      page.setDefaultTimeout(Number(process.env.STEP_TIMEOUT_MS ?? 15000));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      // The pages run under the server's Content-Security-Policy: whatever
      // it blocks is an error of the suite.
      await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content-Security-Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
      }));
      return page;
    },
    shot: (page, name) => page.screenshot({ path: join(shots, `${name}.png`) }),
    /** Runs one named scenario; a failure is printed and counted, the next one runs. */
    async step(name, fn) {
      try {
        await fn();
        passed++;
        console.log(`ok   ${name}`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${name}\n     ${String(e?.message ?? e).split('\n').slice(0, 8).join('\n     ')}`);
      }
    },
    /** Closes the browser, prints the tally and returns the exit code. */
    async finish() {
      await context.close();
      rmSync(userDir, { recursive: true, force: true });
      console.log(`screenshots in ${shots}`);
      console.log(`${passed} passed, ${failed} failed`);
      return failed ? 1 : 0;
    },
  };
}

/**
 * Checks that `response` (the page's) carries `policy` as its
 * Content-Security-Policy, so the suite really runs under it.
 */
export function expectServedUnder(response, policy) {
  const served = response.headers()['content-security-policy'];
  expect(policy && served === policy, `the page's Content-Security-Policy is ${served}, expected ${policy}`);
}

/** Signs in on the token prompt and waits for the script list. */
export async function signIn(page, token, url) {
  await page.goto(url);
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-submit').click();
  await page.getByTestId('script-item-reconcile.rhai').waitFor();
}

/** Types at the end of the open script with Monaco's own keyboard handling. */
export async function typeAtEnd(page, text, { raw = false } = {}) {
  await page.locator('[data-testid="editor"] .view-lines').click();
  await page.keyboard.press('Control+End');
  if (raw) await page.keyboard.insertText(text);
  else await page.keyboard.type(text, { delay: 15 });
}

/** Puts the cursor at the start of `line` of the open script with Monaco's Go to Line (Ctrl+G). */
export async function goToLine(page, line) {
  await page.locator('[data-testid="editor"] .view-lines').click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  // Keys typed before the line is taken would go to the closing prompt.
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.getByTestId('status-cursor').filter({ hasText: `Ln ${line}, Col 1` }).waitFor();
}

/**
 * The text of the lines the editor shows, top to bottom (Monaco reuses line
 * elements out of order, and renders spaces as no-break spaces).
 */
export async function shownLines(page) {
  return page.locator('[data-testid="editor"] .view-lines').evaluate((el) => [...el.querySelectorAll('.view-line')]
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map((l) => l.textContent.replace(/\u00a0/g, ' ')));
}

/** Waits until the editor shows a line that reads `text` (scrolling is animated). */
export async function waitForShownLine(page, text) {
  await page.waitForFunction((t) => [...document.querySelectorAll('[data-testid="editor"] .view-line')]
    .some((l) => l.textContent.replace(/\u00a0/g, ' ') === t), text)
    .catch(() => { throw new Error(`the editor never shows the line ${text}`); });
}

/** Pastes `text` at the cursor of the focused editor, as from the clipboard (one edit, not re-indented). */
export async function paste(page, text) {
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Undoes the edits of the open script until it is no longer dirty. */
export async function undoAll(page, script = 'reconcile.rhai') {
  await page.locator('[data-testid="editor"] .view-lines').click();
  const item = page.locator(`[data-testid="script-item-${script}"]`);
  for (let i = 0; i < 200 && (await item.getAttribute('data-dirty')) === 'true'; i++) await page.keyboard.press('Control+Z');
  expect((await item.getAttribute('data-dirty')) === 'false', `${script} back to its saved content`);
}
