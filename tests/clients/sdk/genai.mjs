// @google/genai: generateContent and generateContentStream with httpOptions.baseUrl.
import { GoogleGenAI } from '@google/genai';
import { GOOGLE_BASE, API_KEY, check } from './common.mjs';

const ai = new GoogleGenAI({ apiKey: API_KEY, httpOptions: { baseUrl: GOOGLE_BASE } });
const model = process.env.MODEL || 'gemini-2.5-flash';

const res = await ai.models.generateContent({ model, contents: 'Say hi' });
check('generateContent', res.text);

const stream = await ai.models.generateContentStream({ model, contents: 'Say hi' });
let text = '';
for await (const chunk of stream) text += chunk.text ?? '';
check('generateContentStream', text);
