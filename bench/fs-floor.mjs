// The file system's floor for a clean build: creates N files of 7 KB (the size of a page)
// in three folders, as `apiglot build` does, with nothing rendered: node bench/fs-floor.mjs DIR N
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, count] = [process.argv[2], Number(process.argv[3])];
const page = Buffer.alloc(7 * 1024, 'x');
const locales = ['en', 'ja', 'fr'];
for (const l of locales) mkdirSync(join(dir, l), { recursive: true });
for (let i = 0; i < count; i++) writeFileSync(join(dir, locales[i % 3], `page-${i}.md`), page);
