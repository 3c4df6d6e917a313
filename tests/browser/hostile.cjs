// Opens a page built from hostile messages and endpoint values (tests/cases/site/hostile) in
// headless Chromium and fails (exit 1) if any payload ran: a dialog, a console message or a
// page error naming PWN, the global PWNED, an event handler attribute, or a link, image or
// frame with a javascript:, vbscript: or data: URL. The words around the payloads must show.
// Run by tests/testsuite/browser.rs:   node tests/browser/hostile.cjs SITE_DIR
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [site] = process.argv.slice(2);
const executablePath = process.env.APIGLOT_CHROMIUM || '/usr/bin/chromium';

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log('ok: ' + message);
}

(async () => {
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext();
    const ran = [];
    const requests = [];
    context.on('request', (request) => requests.push(request.url()));
    const page = await context.newPage();
    page.on('dialog', (dialog) => { ran.push('dialog: ' + dialog.message()); dialog.dismiss().catch(() => {}); });
    page.on('console', (message) => { if (message.text().includes('PWN')) ran.push('console: ' + message.text()); });
    page.on('pageerror', (error) => ran.push('page error: ' + error));

    // The listeners catch a payload that does run: the same kind as the page's, on a blank page.
    await page.setContent('<img src="x" onerror="alert(\'PWN-control\')">');
    await page.waitForTimeout(200);
    check(ran.length === 1 && ran[0] === 'dialog: PWN-control', 'a control payload is caught: ' + ran.join('; '));
    ran.length = 0;

    await page.goto('file://' + path.resolve(site, 'en/remove-members.html'));
    await page.waitForLoadState('load');
    await page.waitForTimeout(300);
    check(ran.length === 0, 'no payload ran: ' + ran.join('; '));
    check(await page.evaluate(() => typeof window.PWNED === 'undefined'), 'no handler set window.PWNED');
    // The sidebar and the search results show the hostile titles too: as text.
    await page.locator('[data-sidebar] details').evaluateAll((all) => all.forEach((d) => { d.open = true; }));
    await page.getByRole('searchbox').fill('e');
    check((await page.locator('#apiglot-results a').count()) > 0, 'the search lists guides');
    await page.waitForTimeout(200);
    check(ran.length === 0, 'the sidebar and the search results ran nothing: ' + ran.join('; '));

    const found = await page.evaluate(() => {
      const problems = [];
      const refused = /^(javascript|vbscript|data):/;
      for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          const value = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
          if (attribute.name.startsWith('on') || refused.test(value)) {
            problems.push(`<${element.localName} ${attribute.name}="${attribute.value}">`);
          }
        }
      }
      for (const link of document.querySelectorAll('a[href], area[href]')) {
        const protocol = new URL(link.href).protocol;
        if (!['http:', 'https:', 'mailto:', 'file:'].includes(protocol)) problems.push('link to ' + link.href);
      }
      const scripts = [...document.querySelectorAll('script')].map((s) => s.getAttribute('src'));
      if (scripts.join(' ') !== 'nav.js ../assets/apiglot.js') problems.push('scripts: ' + scripts.join(', '));
      return problems;
    });
    check(found.length === 0, 'no handler, script or refused URL in the page: ' + found.join('; '));
    const bad = requests.filter((url) => /^(javascript|vbscript|data):/i.test(url));
    check(bad.length === 0, `no request to a refused URL (${requests.length} requests)` + (bad.length ? ': ' + bad.join(', ') : ''));

    const text = await page.locator('main').innerText();
    for (const words of ['Intro text stays', 'Marked text stays', 'Step one stays', 'Step two stays', 'API intro stays',
      'Org cell stays', 'Response cell stays', 'safe link']) {
      check(text.includes(words), 'the page shows: ' + words);
    }
    check((await page.locator('main kbd').count()) === 1, 'marked HTML keeps its allowed tags (<kbd>)');
    check((await page.locator('main a[href="https://example.com/ok"]').count()) === 1, 'an https link stays a link');
    console.log('hostile page ran nothing');
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error('FAILED: ' + (error && error.stack ? error.stack : error));
  process.exit(1);
});
