// ai (Vercel AI SDK) with @ai-sdk/openai (Responses API) and @ai-sdk/google:
// generateText and streamText.
import { generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { OPENAI_BASE, GOOGLE_BASE, API_KEY, check } from './common.mjs';

const which = process.argv[2] || 'all';

if (which === 'all' || which === 'openai') {
  const openai = createOpenAI({ baseURL: `${OPENAI_BASE}/v1`, apiKey: API_KEY });
  const model = openai.responses(process.env.MODEL || 'gatehouse/openai-main');
  const g = await generateText({ model, prompt: 'Say hi', maxRetries: 0 });
  check('openai.responses generateText', g.text);
  const s = streamText({ model, prompt: 'Say hi', maxRetries: 0, onError: ({ error }) => console.error(error) });
  check('openai.responses streamText', await s.text);
}

if (which === 'all' || which === 'google') {
  const google = createGoogleGenerativeAI({ baseURL: `${GOOGLE_BASE}/v1beta`, apiKey: API_KEY });
  const model = google(process.env.GOOGLE_MODEL || 'gemini-2.5-flash');
  const g = await generateText({ model, prompt: 'Say hi', maxRetries: 0 });
  check('google generateText', g.text);
  const s = streamText({ model, prompt: 'Say hi', maxRetries: 0, onError: ({ error }) => console.error(error) });
  check('google streamText', await s.text);
}
