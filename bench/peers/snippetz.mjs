// @scalar/snippetz: every request of a HAR file into the ten targets.
import { readFileSync } from 'node:fs';
import { targets, requestsOf } from './targets.mjs';
const { snippetz } = await import(process.env.PEERS + '/node_modules/@scalar/snippetz/dist/index.js');
const requests = requestsOf(JSON.parse(readFileSync(process.argv[2], 'utf8')));
const s = snippetz();
let out = 0;
for (const request of requests) {
  for (const [target, client] of targets.snippetz) {
    const code = s.print(target, client, request);
    if (!code) throw new Error(`${target}/${client}`);
    out += code.length;
  }
}
console.error(`@scalar/snippetz: ${requests.length} requests, ${out} characters`);
