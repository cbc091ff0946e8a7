// openai (official SDK): responses.create, plain and stream:true.
import OpenAI from 'openai';
import { OPENAI_BASE, API_KEY, check } from './common.mjs';

const client = new OpenAI({ baseURL: `${OPENAI_BASE}/v1`, apiKey: API_KEY, maxRetries: 0 });
const model = process.env.MODEL || 'gatehouse/openai-main';

const plain = await client.responses.create({ model, input: 'Say hi' });
check('responses.create', plain.output_text);

const stream = await client.responses.create({ model, input: 'Say hi', stream: true });
let text = '';
let completed = false;
for await (const event of stream) {
  if (event.type === 'response.output_text.delta') text += event.delta;
  if (event.type === 'response.completed') completed = true;
}
check('responses.create stream', completed ? text : '');
