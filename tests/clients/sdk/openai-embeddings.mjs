// openai (official SDK): embeddings.create for a list input, as the SDK
// sends it by default (encoding_format "base64", decoded by the SDK to
// float32 numbers) and with encoding_format "float"; both must agree.
// EMBED_DIMENSIONS (optional) is sent as `dimensions` and checked.
import OpenAI from 'openai';
import { OPENAI_BASE, API_KEY, checkFor } from './common.mjs';

const client = new OpenAI({ baseURL: `${OPENAI_BASE}/v1`, apiKey: API_KEY, maxRetries: 0 });
const model = process.env.MODEL || 'gatehouse/openai-embedding';
const dimensions = process.env.EMBED_DIMENSIONS ? Number(process.env.EMBED_DIMENSIONS) : undefined;
const input = ['hello world', 'gatehouse'];

const asBase64 = await client.embeddings.create({ model, input, dimensions });
const asFloat = await client.embeddings.create({ model, input, dimensions, encoding_format: 'float' });

const vectors = (answer) => answer.data.map((d) => Array.from(d.embedding));
const a = vectors(asBase64);
const b = vectors(asFloat);
const shapeOk = a.length === 2 && a.every((v) => v.length > 0 && v.every(Number.isFinite)) &&
  (dimensions === undefined || a.every((v) => v.length === dimensions)) &&
  asBase64.data.every((d, i) => d.index === i && d.object === 'embedding');
const same = JSON.stringify(a) === JSON.stringify(b);
console.log(`base64 ${JSON.stringify(a)} float ${JSON.stringify(b)} usage ${JSON.stringify(asFloat.usage)}`);
checkFor('embeddings.create', shapeOk ? `${a.length} vectors of ${a[0].length}` : '', 'vectors of');
checkFor('embeddings.create base64 == float', shapeOk && same ? 'base64 == float' : '', 'base64 == float');
