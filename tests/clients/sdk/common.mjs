// Shared bits of the SDK scripts: where the server is and what to expect.
//   BASE    http://127.0.0.1:PORT of the recorder or of Gatehouse (required)
//   OPENAI_BASE  root for the OpenAI-format calls (default BASE; they go to OPENAI_BASE/v1/...)
//   GOOGLE_BASE  root for the Gemini-format calls (default BASE; they go to GOOGLE_BASE/v1beta/...),
//                e.g. http://127.0.0.1:8080/genai for Gatehouse
//   EXPECT  the text the answer must contain (default "recorded-ok"; empty: any non-empty text)
//   MODEL   model name sent (default per script)
export const BASE = (process.env.BASE || '').replace(/\/+$/, '');
if (!BASE) {
  console.error('BASE is not set (e.g. BASE=http://127.0.0.1:8080)');
  process.exit(2);
}
export const OPENAI_BASE = (process.env.OPENAI_BASE || BASE).replace(/\/+$/, '');
export const GOOGLE_BASE = (process.env.GOOGLE_BASE || BASE).replace(/\/+$/, '');
export const EXPECT = process.env.EXPECT ?? 'recorded-ok';
export const API_KEY = process.env.API_KEY || 'dummy';

export function check(label, text) {
  checkFor(label, text, EXPECT);
}

// check() with its own expected text.
export function checkFor(label, text, expect) {
  const ok = typeof text === 'string' && text.length > 0 && (expect === '' || text.includes(expect));
  console.log(`${ok ? 'ok' : 'FAIL'} ${label}: ${JSON.stringify(text)}`);
  if (!ok) process.exitCode = 1;
}
