// Writes docs/rules/*.md from the lint rules' metadata. Run: node scripts/gen-docs.ts
// (test/lint/docs.test.ts fails when a page is stale).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { RULES } from '../src/lint/rules/index.ts';
import { ruleDocPages } from '../src/render/lint-docs.ts';

const dir = fileURLToPath(new URL('../docs/rules/', import.meta.url));
mkdirSync(dir, { recursive: true });
const pages = ruleDocPages(Object.values(RULES));
for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, name), text);
process.stdout.write(`wrote ${Object.keys(pages).length} pages to docs/rules/\n`);
