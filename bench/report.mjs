// Prints the Markdown tables of bench/run.sh from its hyperfine results: node bench/report.mjs WORK CORES
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const [work, cores] = process.argv.slice(2);
const json = (name) => JSON.parse(readFileSync(join(work, name), 'utf8')).results;
const lines = (name) => readFileSync(join(work, name), 'utf8').trim().split('\n').map((l) => l.split(' '));
const s = (seconds) => (seconds < 0.1 ? `${(seconds * 1000).toFixed(1)} ms` : `${seconds.toFixed(2)} s`);

const samples = json('samples.json');
const peaks = Object.fromEntries(lines('samples-peak.txt').map(([name, mb]) => [name, Number(mb)]));
const peakOf = (name) => peaks[name.startsWith('apiglot') ? 'apiglot' : name.startsWith('httpsnippet') ? 'httpsnippet'
  : name.startsWith('@readme') ? 'readme' : 'snippetz'];
const apiglot = samples[0];
const peers = samples.slice(1);
const fastest = peers.reduce((a, b) => (a.median < b.median ? a : b));
console.log(`1,000 HAR requests (requests-1000.json) into ten targets, whole process, median of ${apiglot.times.length} runs, ${cores} cores:\n`);
console.log('| tool | median wall | peak memory | apiglot is … faster | apiglot uses … less memory |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of samples) {
  const isApiglot = r === apiglot;
  console.log(`| ${r.command} | ${s(r.median)} | ${peakOf(r.command).toFixed(1)} MB | ${isApiglot ? '' : `${(r.median / apiglot.median).toFixed(1)}×`} | ${isApiglot ? '' : `${(peakOf(r.command) / peakOf('apiglot')).toFixed(1)}×`} |`);
}
const speedRatio = fastest.median / apiglot.median;
const memoryRatio = peakOf(fastest.command) / peakOf('apiglot');
console.log(`\nAgainst the fastest peer (${fastest.command}): ${speedRatio.toFixed(1)}× faster (goal 10×: ${speedRatio >= 10 ? 'met' : 'NOT met'}), ` +
  `${memoryRatio.toFixed(1)}× less memory (goal 3×: ${memoryRatio >= 3 ? 'met' : 'NOT met'}).\n`);

const summaries = Object.fromEntries(lines('build-summary.txt').map(([name, ...rest]) => [name, rest.join(' ')]));
const buildPeaks = Object.fromEntries(lines('build-peak.txt').map(([name, mb]) => [name, Number(mb)]));
console.log('`apiglot build`, three locales, Markdown and HTML, median wall:\n');
console.log('| project | pages, samples | clean build (no `out/`, as on a fresh checkout) | clean build right after `rm -rf out && sync` | re-render (no stamp, nothing written) | no-op rebuild | peak memory (clean) | creating as many files after `rm -rf` (Node) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const goals = [];
for (const name of ['auth0', '100', '1000', '10000']) {
  if (!existsSync(join(work, `build-${name}-clean.json`))) continue;
  const [fresh, clean, render, noop, floor] = ['fresh', 'clean', 'render', 'noop', 'floor'].map((k) => json(`build-${name}-${k}.json`)[0].median);
  const m = /rendered (\d+) pages, (\d+) samples/.exec(summaries[name] ?? '') ?? [];
  const label = name === 'auth0' ? 'Auth0 Management API (imported)' : `${Number(name).toLocaleString('en')} synthetic endpoints`;
  console.log(`| ${label} | ${m[1]}, ${m[2]} | ${s(fresh)} | ${s(clean)} | ${s(render)} | ${s(noop)} | ${buildPeaks[name].toFixed(1)} MB | ${s(floor)} |`);
  if (name === 'auth0') {
    goals.push(`${label}: clean build under 1 s ${fresh < 1 ? 'met' : 'NOT met'} (${s(fresh)} with no \`out/\`; ${s(clean)} right after \`rm -rf out && sync\`, ` +
      `where merely creating the files took ${s(floor)}), no-op rebuild under 0.1 s ${noop < 0.1 ? 'met' : 'NOT met'}.`);
  }
}
console.log(`\n${goals.join('\n')}`);

if (existsSync(join(work, 'preview.txt'))) {
  const incremental = json('auth0-message.json')[0];
  const check = json('auth0-check.json')[0];
  const delays = readFileSync(join(work, 'preview.txt'), 'utf8').trim().split('\n').map(Number).sort((a, b) => a - b);
  const preview = delays[Math.floor(delays.length / 2)];
  const pages = /\((\d+) re-rendered, (\d+) unchanged\)/.exec(readFileSync(join(work, 'auth0-message-summary.txt'), 'utf8')) ?? [];
  console.log('\nThe Auth0 project (1,356 pages) after a one-message change, and its check, median:\n');
  console.log('| what | median wall | |');
  console.log('| --- | --- | --- |');
  console.log(`| \`apiglot build\`, one message changed (incremental) | ${s(incremental.median)} | ${pages[1] ?? '?'} page(s) rendered, ${pages[2] ?? '?'} kept |`);
  console.log(`| \`apiglot serve\`: saving the message to the new page served | ${s(preview)} | goal under 100 ms: ${preview < 0.1 ? 'met' : 'NOT met'} (${delays.length} saves, ${s(delays[0])} to ${s(delays[delays.length - 1])}) |`);
  console.log(`| \`apiglot check out/\`, every page of the site | ${s(check.median)} | whole process |`);
}
