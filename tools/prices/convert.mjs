// Converts an unpacked @pydantic/genai-prices release into Gatehouse's price
// catalogue and the test vectors the C++ pricing is checked against.
//
//   node tools/prices/convert.mjs <unpacked package dir> <expected version> <repo root>
//
// Writes resources/prices/catalog.json (compiled into the gateway), the
// package's LICENSE next to it, and tests/unit/data/price-vectors.json (costs computed by the package's own
// calcPrice). Run through tools/prices/update.sh, which fetches the package.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, expectedVersion, root] = process.argv.slice(2);
if (!packageDir || !expectedVersion || !root) {
  console.error('usage: convert.mjs <package dir> <version> <repo root>');
  process.exit(2);
}

const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
if (manifest.version !== expectedVersion)
  throw new Error(`expected ${manifest.name}@${expectedVersion}, got ${manifest.version}`);
if (manifest.license !== 'MIT')
  throw new Error(`the licence changed to ${manifest.license}: check it before updating`);

const gp = await import(pathToFileURL(path.join(packageDir, 'dist', 'index.js')).href);
// With no updater registered, waitForUpdate() resolves to the bundled data:
// the package's only public way to list every provider.
const providers = await gp.waitForUpdate();
if (!Array.isArray(providers) || providers.length === 0)
  throw new Error('the package returned no providers');

// SOURCE_DATE_EPOCH lets a rerun reproduce a committed file byte for byte.
const generated = (process.env.SOURCE_DATE_EPOCH
  ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000)
  : new Date()).toISOString().slice(0, 10);
// The MIT licence asks for its notice to travel with the data: the
// catalogue names it, and resources/prices/LICENSE is the package's own.
const licenceText = fs.readFileSync(path.join(packageDir, 'LICENSE'), 'utf8');
const copyright = /^Copyright .*$/m.exec(licenceText)?.[0];
if (!copyright) throw new Error('no copyright line in the package LICENSE');
const source = {
  package: manifest.name,
  version: manifest.version,
  licence: manifest.license,
  copyright,
  generated,
};

// ---- Shape checks: a new release with a new format fails here, at update
// time, not when the gateway loads the catalogue.
const matchKeys = ['equals', 'starts_with', 'ends_with', 'contains', 'regex', 'or', 'and'];
function checkMatch(match, where) {
  const keys = Object.keys(match ?? {});
  if (keys.length !== 1 || !matchKeys.includes(keys[0]))
    throw new Error(`${where}: unknown match ${JSON.stringify(match)}`);
  const [key] = keys;
  if (key === 'or' || key === 'and') match[key].forEach((m, i) => checkMatch(m, `${where}.${key}[${i}]`));
  else if (typeof match[key] !== 'string') throw new Error(`${where}: ${key} is not a string`);
  else if (key === 'regex') new RegExp(match[key]);
}
function checkPrices(prices, where) {
  for (const [key, value] of Object.entries(prices)) {
    if (typeof value === 'number') continue;
    if (typeof value?.base === 'number' && Array.isArray(value.tiers) &&
        value.tiers.every((t) => Number.isSafeInteger(t.start) && typeof t.price === 'number'))
      continue;
    throw new Error(`${where}.${key}: neither a number nor tiered prices`);
  }
}
function checkModelPrices(prices, where) {
  if (!Array.isArray(prices)) return checkPrices(prices, where);
  prices.forEach((c, i) => {
    const type = c.constraint?.type;
    if (c.constraint !== undefined && type !== 'start_date' && type !== 'time_of_date')
      throw new Error(`${where}[${i}]: unknown constraint ${JSON.stringify(c.constraint)}`);
    checkPrices(c.prices, `${where}[${i}].prices`);
  });
}

// ---- The catalogue: the fields pricing and provider mapping use; names,
// descriptions, comments, URLs and usage extractors stay out.
const catalogue = providers.map((p) => {
  checkMatch(p.model_match ?? { equals: '' }, `${p.id}.model_match`);
  checkMatch(p.provider_match ?? { equals: '' }, `${p.id}.provider_match`);
  new RegExp(p.api_pattern);
  const out = { id: p.id, name: p.name, api_pattern: p.api_pattern };
  if (p.provider_match) out.provider_match = p.provider_match;
  if (p.model_match) out.model_match = p.model_match;
  if (p.fallback_model_providers) out.fallback_model_providers = p.fallback_model_providers;
  out.models = p.models.map((m) => {
    checkMatch(m.match, `${p.id}.${m.id}.match`);
    checkModelPrices(m.prices, `${p.id}.${m.id}.prices`);
    const model = { id: m.id, match: m.match };
    if (m.context_window !== undefined) model.context_window = m.context_window;
    model.prices = m.prices;
    return model;
  });
  return out;
});
for (const p of catalogue)
  for (const id of p.fallback_model_providers ?? [])
    if (!catalogue.some((q) => q.id === id)) throw new Error(`${p.id}: unknown fallback ${id}`);

// One model per line: readable, and an update's diff shows model by model.
function writeCatalogue() {
  const lines = ['{', `  "source": ${JSON.stringify(source)},`, '  "providers": ['];
  catalogue.forEach((p, pi) => {
    const { models, ...head } = p;
    const headJson = JSON.stringify(head);
    lines.push(`    ${headJson.slice(0, -1)}, "models": [`);
    models.forEach((m, mi) => lines.push(`      ${JSON.stringify(m)}${mi + 1 < models.length ? ',' : ''}`));
    lines.push(`    ]}${pi + 1 < catalogue.length ? ',' : ''}`);
  });
  lines.push('  ]', '}', '');
  const text = lines.join('\n');
  const reparsed = JSON.parse(text);
  if (JSON.stringify(reparsed.providers) !== JSON.stringify(catalogue))
    throw new Error('the written catalogue does not read back as written');
  return text;
}

// ---- Test vectors: what the package's own calcPrice says, so the C++ is
// checked against the reference implementation. Usage keys are the
// package's: input_tokens counts every prompt token (cached and
// cache-written included), output_tokens every completion token (reasoning
// included). `at` fixes the date, for prices that change with it.
const noon = '2026-06-01T12:00:00Z';
const cases = [
  // OpenAI: plain, cached, case-folded dated id, o-series before and after
  // the June 2025 price cut, reasoning, tiers, a date-suffixed id that only
  // matches once written as YYYY-MM-DD.
  ['openai', 'gpt-4o', { input_tokens: 1200, output_tokens: 350 }],
  ['openai', 'gpt-4o', { input_tokens: 10000, cache_read_tokens: 6000, output_tokens: 500 }],
  ['openai', 'GPT-4o-2024-08-06', { input_tokens: 2000, cache_read_tokens: 1024, output_tokens: 100 }],
  ['openai', 'gpt-4o-mini', { input_tokens: 50000, cache_read_tokens: 20000, output_tokens: 2000 }],
  ['openai', 'o3', { input_tokens: 3000, cache_read_tokens: 1000, output_tokens: 8000, output_reasoning_tokens: 6000 }, '2025-05-01T12:00:00Z'],
  ['openai', 'o3', { input_tokens: 3000, cache_read_tokens: 1000, output_tokens: 8000, output_reasoning_tokens: 6000 }, '2025-07-01T12:00:00Z'],
  ['openai', 'o4-mini', { input_tokens: 12000, output_tokens: 30000, output_reasoning_tokens: 25000 }],
  ['openai', 'gpt-4.1', { input_tokens: 100000, cache_read_tokens: 80000, output_tokens: 1200 }],
  ['openai', 'gpt-5', { input_tokens: 5000, cache_read_tokens: 2000, output_tokens: 12000, output_reasoning_tokens: 9000 }],
  ['openai', 'gpt-5.4', { input_tokens: 100000, cache_read_tokens: 50000, output_tokens: 4000 }],
  ['openai', 'gpt-5.4', { input_tokens: 300000, cache_read_tokens: 100000, output_tokens: 4000 }],
  ['openai', 'gpt-5.4-20260305', { input_tokens: 7000, output_tokens: 700 }],
  // Anthropic: cache writes and reads, the 200k tier, dated ids.
  ['anthropic', 'claude-sonnet-4-5-20250929', { input_tokens: 4740, cache_write_tokens: 4735, output_tokens: 255 }],
  ['anthropic', 'claude-sonnet-4-5', { input_tokens: 150000, cache_read_tokens: 120000, cache_write_tokens: 20000, output_tokens: 3000 }],
  ['anthropic', 'claude-sonnet-4-5', { input_tokens: 250000, cache_read_tokens: 200000, cache_write_tokens: 10000, output_tokens: 5000 }],
  ['anthropic', 'claude-3-5-haiku-20241022', { input_tokens: 8000, cache_read_tokens: 4000, output_tokens: 900 }],
  ['anthropic', 'claude-opus-4-1-20250805', { input_tokens: 20000, cache_write_tokens: 15000, output_tokens: 2000 }],
  ['anthropic', 'claude-haiku-4-5', { input_tokens: 60000, cache_read_tokens: 50000, cache_write_tokens: 5000, output_tokens: 1500 }],
  // Google: the 200k tier below, at and above the threshold.
  ['google', 'gemini-2.5-pro', { input_tokens: 120000, cache_read_tokens: 30000, output_tokens: 8000, output_reasoning_tokens: 5000 }],
  ['google', 'gemini-2.5-pro', { input_tokens: 200000, output_tokens: 1000 }],
  ['google', 'gemini-2.5-pro', { input_tokens: 250000, cache_read_tokens: 100000, output_tokens: 8000 }],
  ['google', 'gemini-2.5-flash', { input_tokens: 40000, cache_read_tokens: 10000, output_tokens: 3000 }],
  ['google', 'gemini-2.0-flash', { input_tokens: 9000, output_tokens: 800 }],
  // AWS Bedrock: Nova, a cross-region Claude, Llama.
  ['aws', 'amazon.nova-pro-v1:0', { input_tokens: 20000, cache_read_tokens: 5000, output_tokens: 1500 }],
  ['aws', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', { input_tokens: 30000, cache_read_tokens: 10000, cache_write_tokens: 5000, output_tokens: 2000 }],
  ['aws', 'meta.llama3-3-70b-instruct-v1:0', { input_tokens: 3000, output_tokens: 600 }],
  // Azure: its own entry, and models it takes from its fallback providers.
  ['azure', 'o3-mini', { input_tokens: 4000, cache_read_tokens: 1000, output_tokens: 6000 }],
  ['azure', 'gpt-4o', { input_tokens: 10000, cache_read_tokens: 2000, output_tokens: 800 }],
  ['azure', 'claude-sonnet-4-5', { input_tokens: 10000, cache_write_tokens: 3000, output_tokens: 800 }],
  // Mistral, with a price that changed on a date.
  ['mistral', 'mistral-large-2512', { input_tokens: 15000, cache_read_tokens: 5000, output_tokens: 1000 }],
  ['mistral', 'ministral-8b-latest', { input_tokens: 15000, cache_read_tokens: 5000, output_tokens: 1000 }, '2025-11-01T12:00:00Z'],
  ['mistral', 'ministral-8b-latest', { input_tokens: 15000, cache_read_tokens: 5000, output_tokens: 1000 }, '2026-01-01T12:00:00Z'],
  // Groq.
  ['groq', 'llama-3.3-70b-versatile', { input_tokens: 5000, output_tokens: 500 }],
  ['groq', 'openai/gpt-oss-120b', { input_tokens: 5000, cache_read_tokens: 2000, output_tokens: 500 }],
  // DeepSeek: peak and off-peak hours (time-of-day prices), reasoning.
  ['deepseek', 'deepseek-chat', { input_tokens: 20000, cache_read_tokens: 12000, output_tokens: 900 }, '2026-06-01T03:00:00Z'],
  ['deepseek', 'deepseek-chat', { input_tokens: 20000, cache_read_tokens: 12000, output_tokens: 900 }, '2026-06-01T20:00:00Z'],
  ['deepseek', 'deepseek-reasoner', { input_tokens: 8000, output_tokens: 6000, output_reasoning_tokens: 4500 }, '2026-06-01T10:00:00Z'],
  // xAI: reasoning, and tiers.
  ['x-ai', 'grok-3-mini', { input_tokens: 6000, cache_read_tokens: 3000, output_tokens: 2000, output_reasoning_tokens: 1500 }],
  ['x-ai', 'grok-4.3', { input_tokens: 260000, cache_read_tokens: 60000, output_tokens: 2000 }],
  // Together, Fireworks, Cohere, Moonshot.
  ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', { input_tokens: 4000, output_tokens: 400 }],
  ['fireworks', 'accounts/fireworks/models/deepseek-v3p2', { input_tokens: 9000, cache_read_tokens: 4000, output_tokens: 700 }],
  ['cohere', 'command-r-plus', { input_tokens: 2500, output_tokens: 300 }],
  ['moonshotai', 'kimi-k2-0905-preview', { input_tokens: 30000, cache_read_tokens: 20000, output_tokens: 1000 }],
  // OpenRouter, with a separate reasoning price; Perplexity's per-request fee.
  ['openrouter', 'anthropic/claude-sonnet-4.5', { input_tokens: 12000, cache_read_tokens: 6000, cache_write_tokens: 2000, output_tokens: 900 }],
  ['openrouter', 'perplexity/sonar-deep-research', { input_tokens: 3000, output_tokens: 10000, output_reasoning_tokens: 7000 }],
  ['perplexity', 'sonar', { input_tokens: 1500, output_tokens: 400 }],
  ['perplexity', 'sonar-deep-research', { input_tokens: 3000, output_tokens: 10000, output_reasoning_tokens: 7000 }],
  // No price: an unknown model, and a model of another provider.
  ['openai', 'no-such-model', { input_tokens: 100, output_tokens: 10 }, noon, null],
  ['anthropic', 'gpt-4o', { input_tokens: 100, output_tokens: 10 }, noon, null],
];

const vectors = cases.map(([provider, model, usage, at = noon, expect]) => {
  const result = gp.calcPrice(usage, model, { providerId: provider, timestamp: new Date(at) });
  if ((result === null) !== (expect === null))
    throw new Error(`${provider}/${model}: calcPrice gave ${JSON.stringify(result?.total_price ?? null)}`);
  const vector = { provider, model, at, usage };
  if (result === null) return { ...vector, model_id: null, total_price: null };
  return {
    ...vector,
    model_id: result.model.id,
    input_price: result.input_price,
    output_price: result.output_price,
    total_price: result.total_price,
  };
});

function writeVectors() {
  const lines = ['{', `  "source": ${JSON.stringify(source)},`, '  "vectors": ['];
  vectors.forEach((v, i) => lines.push(`    ${JSON.stringify(v)}${i + 1 < vectors.length ? ',' : ''}`));
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

const catalogPath = path.join(root, 'resources', 'prices', 'catalog.json');
const vectorsPath = path.join(root, 'tests', 'unit', 'data', 'price-vectors.json');
fs.mkdirSync(path.dirname(catalogPath), { recursive: true });
fs.mkdirSync(path.dirname(vectorsPath), { recursive: true });
fs.writeFileSync(catalogPath, writeCatalogue());
fs.writeFileSync(path.join(path.dirname(catalogPath), 'LICENSE'), licenceText);
fs.writeFileSync(vectorsPath, writeVectors());

const modelCount = catalogue.reduce((n, p) => n + p.models.length, 0);
console.log(`${source.package}@${source.version}: ${catalogue.length} providers, ${modelCount} models`);
console.log(`${path.relative(root, catalogPath)}: ${fs.statSync(catalogPath).size} bytes`);
console.log(`${path.relative(root, vectorsPath)}: ${vectors.length} vectors`);
