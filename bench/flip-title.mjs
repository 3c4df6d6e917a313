// Changes one message for a benchmark run: adds `Flipped ` to the first guide title in FILE
// (a .ftl file), or takes it away when it is there, so that every run has a change to build.
//   node bench/flip-title.mjs FILE
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const flipped = /^([a-z0-9-]+-title = )Flipped /m;
const title = /^([a-z0-9-]+-title = )/m;
if (!title.test(text)) throw new Error(`${file} has no guide title`);
writeFileSync(file, flipped.test(text) ? text.replace(flipped, '$1') : text.replace(title, '$1Flipped '));
