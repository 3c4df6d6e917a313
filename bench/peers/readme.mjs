// @readme/httpsnippet: every request of a HAR file into the ten targets.
import { readFileSync } from 'node:fs';
import { targets, requestsOf } from './targets.mjs';
const { HTTPSnippet } = await import(process.env.PEERS + '/node_modules/@readme/httpsnippet/dist/index.mjs');
const requests = requestsOf(JSON.parse(readFileSync(process.argv[2], 'utf8')));
let out = 0;
for (const request of requests) {
  const snippet = new HTTPSnippet(request);
  for (const [target, client] of targets.readme) {
    let code = await snippet.convert(target, client);
    if (Array.isArray(code)) code = code[0];
    if (!code) throw new Error(`${target}/${client}`);
    out += code.length;
  }
}
console.error(`@readme/httpsnippet: ${requests.length} requests, ${out} characters`);
