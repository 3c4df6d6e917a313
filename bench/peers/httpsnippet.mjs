// httpsnippet 3: every request of a HAR file into the ten targets, as `apiglot samples` does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { targets, requestsOf } from './targets.mjs';
const { HTTPSnippet } = createRequire(process.env.PEERS + '/')('httpsnippet');
const requests = requestsOf(JSON.parse(readFileSync(process.argv[2], 'utf8')));
let out = 0;
for (const request of requests) {
  const snippet = new HTTPSnippet(request);
  for (const [target, client] of targets.httpsnippet) {
    const code = snippet.convert(target, client);
    if (!code) throw new Error(`${target}/${client}`);
    out += code.length;
  }
}
console.error(`httpsnippet: ${requests.length} requests, ${out} characters`);
