#!/usr/bin/env node
// Turns a recorder log into fixture files.
//
//   node record/extract.mjs IN.jsonl OUTDIR NAME [NAME...]
//
// The requests of IN.jsonl that reached the fake (CONNECTs to other hosts are
// not requests to it) are taken in order; the i-th is written to
// OUTDIR/NAME_i.json, or skipped when NAME_i is "-". It fails when the log has
// a CONNECT (traffic meant for another host), when the count differs from the
// names given, or when a request was answered 404.
//
// A fixture is {method, path, query, headers, body} as the client sent it,
// pretty printed; secrets in headers and query are replaced by "dummy".

import fs from 'node:fs';
import path from 'node:path';

const [inFile, outDir, ...names] = process.argv.slice(2);
if (!inFile || !outDir || !names.length) {
  console.error('usage: extract.mjs IN.jsonl OUTDIR NAME [NAME...]');
  process.exit(2);
}

const MAX_BYTES = 300 * 1024;
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key', 'openai-api-key',
  'proxy-authorization', 'cookie']);
const SECRET_QUERY = new Set(['key', 'api_key', 'api-key']);

function redactHeader(name, value) {
  if (!SECRET_HEADERS.has(name.toLowerCase())) return value;
  const m = /^(\S+)\s+\S+$/.exec(value);
  if (m && /^(bearer|basic|token)$/i.test(m[1])) return `${m[1]} dummy`;
  return 'dummy';
}

const lines = fs.readFileSync(inFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const connects = lines.filter((e) => e.method === 'CONNECT' || /^https?:\/\//.test(e.url || ''));
if (connects.length) {
  console.error(`${inFile}: traffic for other hosts: ${connects.map((e) => e.url).join(', ')}`);
  process.exit(1);
}
const requests = lines.filter((e) => e.method !== 'CONNECT');
const missing = requests.filter((e) => e.reply === 'not_found');
if (missing.length) {
  console.error(`${inFile}: answered 404: ${missing.map((e) => `${e.method} ${e.url}`).join(', ')}`);
  process.exit(1);
}
if (requests.length !== names.length) {
  console.error(`${inFile}: ${requests.length} requests (${requests.map((e) => `${e.method} ${e.url} -> ${e.reply}`).join('; ')}), but ${names.length} names given`);
  process.exit(1);
}

fs.mkdirSync(outDir, { recursive: true });
let failed = false;
requests.forEach((e, i) => {
  const name = names[i];
  if (name === '-') return;
  const headers = {};
  for (const [k, v] of Object.entries(e.headers || {})) headers[k] = Array.isArray(v) ? v.map((x) => redactHeader(k, x)) : redactHeader(k, v);
  const query = {};
  for (const [k, v] of Object.entries(e.query || {})) query[k] = SECRET_QUERY.has(k) ? 'dummy' : v;
  const fixture = { method: e.method, path: e.path, query, headers, body: e.body };
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  const file = path.join(outDir, `${name}.json`);
  fs.writeFileSync(file, text);
  const size = Buffer.byteLength(text);
  console.log(`${file}  ${e.method} ${e.url} -> ${e.reply}  ${size} bytes`);
  if (size > MAX_BYTES) {
    console.error(`${file}: ${size} bytes, over ${MAX_BYTES}`);
    failed = true;
  }
});
if (failed) process.exit(1);
