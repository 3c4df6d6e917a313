// Writes a synthetic apiglot project with N endpoints (one guide each) in three locales, for
// the build benchmark: node bench/synthetic.mjs DIR N
// The endpoints cycle through the request shapes of a real API: a GET with a query, a POST
// with a JSON body, a PATCH, a DELETE with path parameters. Shared messages come from the
// example project's locales/<locale>/common.ftl.
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dir, countText] = process.argv.slice(2);
const count = Number(countText);
if (!dir || !(count >= 0) || countText === undefined) {
  console.error('usage: node bench/synthetic.mjs DIR N');
  process.exit(2);
}
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const locales = ['en', 'ja', 'fr'];
const words = {
  en: ['Manage', 'resource', 'To call this endpoint via the Management API:'],
  ja: ['管理', 'リソース', 'Management API でこのエンドポイントを呼び出すには:'],
  fr: ['Gérer', 'ressource', 'Pour appeler ce point de terminaison avec la Management API :'],
};

mkdirSync(join(dir, 'endpoints'), { recursive: true });
writeFileSync(join(dir, 'apiglot.toml'), 'locales = ["en", "ja", "fr"]\ndefault_locale = "en"\n');
const ftl = Object.fromEntries(locales.map((l) => [l, []]));
for (const l of locales) {
  mkdirSync(join(dir, 'locales', l), { recursive: true });
  copyFileSync(join(repo, 'locales', l, 'common.ftl'), join(dir, 'locales', l, 'common.ftl'));
}

for (let i = 0; i < count; i++) {
  const id = `op-${String(i).padStart(5, '0')}`;
  const resource = ['users', 'organizations', 'clients', 'roles', 'logs'][i % 5];
  const shape = i % 4;
  const lines = [`id: ${id}`, `guide: ${id}`];
  const placeholders = ['MGMT_API_ACCESS_TOKEN'];
  if (shape === 0) {
    lines.push('method: GET', `path: /api/v2/${resource}`, 'query:', `  - { name: page, value: "${i % 7}" }`,
      '  - { name: per_page, value: "50" }', '  - { name: fields, value: "id,name,created_at" }');
  } else if (shape === 1) {
    lines.push('method: POST', `path: /api/v2/${resource}`, 'body:', '  json:',
      `    name: "item ${i}"`, `    enabled: ${i % 2 === 0}`, `    limits: { max: ${i}, ratio: 0.5 }`,
      `    tags: ["a", "b", "c${i}"]`);
  } else if (shape === 2) {
    placeholders.push('ID');
    lines.push('method: PATCH', `path: /api/v2/${resource}/{ID}`, 'body:', '  json:',
      `    description: "updated ${i}"`, '    metadata: { source: "bench" }');
  } else {
    placeholders.push('ID', 'MEMBER_ID');
    lines.push('method: DELETE', `path: /api/v2/${resource}/{ID}/members`, 'body:', '  json:',
      '    members: ["{MEMBER_ID}"]');
  }
  lines.push('server: https://{yourDomain}', 'auth:', '  bearer: "{MGMT_API_ACCESS_TOKEN}"',
    'headers:', '  - { name: cache-control, value: no-cache }', `scope: "update:${resource}"`, 'placeholders:');
  for (const p of placeholders) lines.push(`  - { name: ${p}, description: ${id}-${p.toLowerCase().replaceAll('_', '-')} }`);
  lines.push('responses:', `  - { status: 200, message: ${id}-ok }`,
    '  - { status: 400, error_code: invalid_body, message: response-invalid-body, cause: response-invalid-body-cause }',
    '  - { status: 401, message: response-invalid-token }',
    '  - { status: 403, error_code: insufficient_scope, message: response-insufficient-scope, cause: response-insufficient-scope-cause }',
    '  - { status: 429, message: response-too-many-requests }');
  writeFileSync(join(dir, 'endpoints', `${id}.yaml`), lines.join('\n') + '\n');
  for (const l of locales) {
    const [verb, noun, api] = words[l];
    const m = ftl[l];
    m.push(`${id}-title = ${verb} ${noun} ${i}`, `${id}-intro = ${verb} ${noun} ${i}: { $method } { $path }.`,
      `${id}-api-intro = ${api}`, '', `    { $method } { $path }`, `${id}-ok = OK ${i}`);
    for (const p of placeholders) m.push(`${id}-${p.toLowerCase().replaceAll('_', '-')} = ${p} (${noun} ${i})`);
  }
}
for (const l of locales) writeFileSync(join(dir, 'locales', l, 'endpoints.ftl'), ftl[l].join('\n') + '\n');
console.error(`wrote ${count} endpoints in ${locales.length} locales to ${dir}`);
