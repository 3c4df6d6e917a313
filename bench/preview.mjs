// The preview's delay from saving a message to serving the new page: starts `apiglot serve`
// on the project, then RUNS times rewrites one English guide title in its .ftl file and polls
// the guide's page until it shows the new title. Prints the times in seconds, one a line, for
// bench/report.mjs; restores the file and stops the preview at the end.
//
//   node bench/preview.mjs APIGLOT ROOT RUNS
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [bin, root, runs = '10'] = process.argv.slice(2);
const dir = join(root, 'locales', 'en');
const file = readdirSync(dir).filter((f) => f.endsWith('.ftl') && f !== 'common.ftl').sort()[0];
const guide = file.replace(/\.ftl$/, '');
const path = join(dir, file);
const original = readFileSync(path, 'utf8');
const title = new RegExp(`^${guide}-title = `, 'm');
if (!title.test(original)) throw new Error(`${path} has no ${guide}-title`);

const preview = spawn(bin, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise((resolve, reject) => {
  let text = '';
  preview.stderr.on('data', (chunk) => {
    text += chunk;
    const m = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
    if (m) resolve(m[0]);
  });
  preview.on('exit', (code) => reject(new Error(`apiglot serve exited (${code}): ${text}`)));
});
const url = `${base}/en/${guide}.html`;
const page = async () => (await fetch(url, { cache: 'no-store' })).text();

const times = [];
try {
  for (let i = 0; i < Number(runs); i++) {
    const mark = `Probe ${process.pid}-${i}: `;
    writeFileSync(path, original.replace(title, `${guide}-title = ${mark}`));
    const saved = performance.now();
    const deadline = saved + 30_000;
    while (!(await page()).includes(mark)) {
      if (performance.now() > deadline) throw new Error(`${url} never showed ${mark}`);
      await sleep(1);
    }
    times.push((performance.now() - saved) / 1000);
    // Let the watcher settle before the next save.
    await sleep(300);
  }
} finally {
  writeFileSync(path, original);
  preview.kill();
}
console.log(times.map((t) => t.toFixed(4)).join('\n'));
