// Drives the built HTML site in headless Chromium the way a reader uses it, and fails (exit 1)
// on the first thing that does not work. Run by tests/testsuite/browser.rs:
//   node tests/browser/site.cjs SITE_DIR SCREENSHOT.png
// playwright-core comes from NODE_PATH (.ci/run installs it); the browser is Debian's chromium.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const [site, screenshot] = process.argv.slice(2);
const executablePath = process.env.APIGLOT_CHROMIUM || '/usr/bin/chromium';
const fileUrl = (rel) => 'file://' + path.resolve(site, rel);
const TABS = ['cURL', 'C#', 'Go', 'Java', 'Node.js', 'Obj-C', 'PHP', 'Python', 'Ruby', 'Swift'];

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log('ok: ' + message);
}

// Types `query` in the search box, expects the first result to link to `href`, and opens it
// with Enter.
async function searchFor(page, query, href) {
  const box = page.getByRole('searchbox');
  await box.fill(query);
  const first = page.locator('#apiglot-results a').first();
  check((await first.getAttribute('href')) === href, `searching "${query}" finds ${href} first`);
  await box.press('Enter');
  await page.waitForURL(new RegExp(href.replace('.', '\\.') + '$'));
  check(page.url().endsWith(href), 'Enter opens it');
  await page.getByRole('searchbox').fill('zzzz-nothing');
  check((await page.locator('#apiglot-results li').innerText()).length > 0 &&
    (await page.locator('#apiglot-results a').count()) === 0, 'a search without a match says so');
}

async function selectedTab(page) {
  return page.locator('[role="tablist"]').first().locator('[role="tab"][aria-selected="true"]').innerText();
}

// Serves `root` on a free port of 127.0.0.1, as any static host would.
function staticServer(root) {
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };
  const server = http.createServer((request, response) => {
    const file = path.join(root, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

(async () => {
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const requests = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));

    await page.goto(fileUrl('ja/remove-members.html'));
    const tabs = await page.locator('[role="tablist"]').first().locator('[role="tab"]').allInnerTexts();
    check(JSON.stringify(tabs) === JSON.stringify(TABS), 'ten tabs in order: ' + tabs.join(', '));
    check((await selectedTab(page)) === 'cURL', 'cURL is selected on a first visit');

    await page.getByRole('tab', { name: 'Python', exact: true }).first().click();
    const python = page.locator('[role="tabpanel"][data-target="python"]').first();
    check(await python.isVisible(), 'the Python panel shows after a click');
    check(!(await page.locator('[role="tabpanel"][data-target="curl"]').first().isVisible()), 'the cURL panel hides');
    const code = await python.locator('code').innerText();
    check(code.includes('HTTPSConnection("{yourDomain}")'), 'the Python sample connects to {yourDomain}');
    check(/[?&]target=python/.test(page.url()), 'the URL names the chosen language: ' + page.url());

    // Keyboard: arrows move along the tabs and select, as the ARIA tabs pattern says.
    await page.getByRole('tab', { name: 'Python', exact: true }).first().focus();
    await page.keyboard.press('ArrowRight');
    check((await selectedTab(page)) === 'Ruby', 'ArrowRight selects Ruby');
    const focused = await page.evaluate(() => document.activeElement.textContent);
    check(focused === 'Ruby', 'and moves the focus to it');
    await page.keyboard.press('ArrowLeft');
    check((await selectedTab(page)) === 'Python', 'ArrowLeft goes back to Python');

    // A placeholder shows its description on focus.
    await python.locator('.ph', { hasText: 'ORG_ID' }).first().focus();
    const tip = page.locator('.ph-tip');
    check(await tip.isVisible(), 'focusing a placeholder shows its note');
    check((await tip.innerText()).includes('組織のID'), 'the note is the placeholder\'s description: ' + (await tip.innerText()));

    // The sidebar lists every guide of the locale, this one marked, and leads to another.
    const sidebar = page.locator('[data-sidebar]');
    const guides = (await fs.promises.readdir(path.join(site, 'ja'))).filter((f) => f.endsWith('.html') && f !== 'index.html');
    check((await sidebar.locator('a').count()) === guides.length, `the sidebar lists the ${guides.length} Japanese guides`);
    check((await sidebar.locator('a[aria-current="page"]').getAttribute('href')) === 'remove-members.html',
      'and marks this page as the current one');
    await sidebar.getByRole('link', { name: await page.evaluate(() =>
      window.apiglotNav.groups[0].guides.find((g) => g.href === 'assign-members.html').title) }).click();
    await page.waitForURL(/\/ja\/assign-members\.html/);
    check(page.url().includes('/ja/assign-members.html'), 'a sidebar link opens another guide');
    // Another guide, opened without ?target=: the choice was remembered.
    check((await selectedTab(page)) === 'Python', 'another guide opens with Python selected');

    // The offline search finds an operation by a word of its path, and Enter opens it.
    await searchFor(page, 'saml', 'update-saml-metadata.html');
    await page.goto(fileUrl('ja/assign-members.html'));

    // The locale switcher leads to the same guide in French, still in Python.
    await page.getByRole('navigation').getByRole('link', { name: 'Français' }).click();
    await page.waitForURL(/\/fr\/assign-members\.html/);
    check(page.url().includes('/fr/assign-members.html'), 'the switcher opens the French page of the same guide');
    check((await page.getAttribute('html', 'lang')) === 'fr', 'the French page says lang="fr"');
    check((await selectedTab(page)) === 'Python', 'and Python is still selected');

    // Copy: the button copies the sample's text exactly and says so.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => {});
    const panel = page.locator('[role="tabpanel"][data-target="python"]').first();
    const expected = await panel.locator('code').evaluate((c) => c.textContent);
    await panel.locator('button.copy').click();
    await page.waitForFunction(() => document.querySelector('[role="tabpanel"]:not([hidden]) button.copy.done'));
    check((await panel.locator('button.copy').innerText()) === 'Copié', 'the copy button says it copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    check(copied === expected, 'the clipboard holds the sample exactly');
    check(copied.startsWith('import http.client'), 'and it is the Python sample');

    await page.screenshot({ path: screenshot, fullPage: false });

    // The same site from a plain static server on 127.0.0.1: the URL chooses the language.
    const server = await staticServer(site);
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      await page.goto(origin + '/ja/remove-members.html?target=ruby');
      check((await selectedTab(page)) === 'Ruby', 'from a static server, ?target=ruby selects Ruby');
      await page.goto(origin + '/ja/assign-members.html');
      check((await selectedTab(page)) === 'Ruby', 'and the next page there follows');
      await searchFor(page, 'POST oauth', 'get-access-token.html');
    } finally {
      server.close();
    }

    check(errors.length === 0, 'no script error: ' + errors.join('; '));
    const outside = requests.filter((url) => !url.startsWith('file://') && !url.startsWith(origin + '/'));
    check(requests.length > 0 && outside.length === 0,
      `no request left the site (${requests.length} requests, all file:// or ${origin})` + (outside.length ? ': ' + outside.join(', ') : ''));
    console.log('browser test passed');
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error('FAILED: ' + (error && error.stack ? error.stack : error));
  process.exit(1);
});
