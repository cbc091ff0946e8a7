// @openai/agents: a simple agent run (Responses API through a custom client),
// streamed run, and a function-tool round trip ("use a tool").
import OpenAI from 'openai';
import { Agent, run, tool, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled } from '@openai/agents';
import { z } from 'zod';
import { OPENAI_BASE, API_KEY, EXPECT, check, checkFor } from './common.mjs';

setDefaultOpenAIClient(new OpenAI({ baseURL: `${OPENAI_BASE}/v1`, apiKey: API_KEY, maxRetries: 0 }));
setOpenAIAPI('responses');
setTracingDisabled(true);
const model = process.env.MODEL || 'gatehouse/openai-main';

const agent = new Agent({ name: 'Greeter', instructions: 'You greet people briefly.', model });
const r1 = await run(agent, 'Say hi');
check('agent run', r1.finalOutput);

const r2 = await run(agent, 'Say hi', { stream: true });
await r2.completed;
check('agent run stream', r2.finalOutput);

const echo = tool({
  name: 'shell',
  description: 'Runs a shell command and returns its output (here: only echoes the command).',
  parameters: z.object({ command: z.string() }),
  execute: async ({ command }) => `ran: ${command}`,
});
// TOOL_MODEL / TOOL_PROMPT / TOOL_EXPECT: the model, prompt and expected
// answer of the tool round trip (Gatehouse's mock/tool calls the tool the
// prompt names with the JSON after its name).
const toolAgent = new Agent({
  name: 'Runner', instructions: 'Use tools when asked.', model: process.env.TOOL_MODEL || model, tools: [echo],
});
const r3 = await run(toolAgent,
  process.env.TOOL_PROMPT || "Please use a tool: run the shell command 'echo recorded-tool', then say hi.");
checkFor('agent tool round trip', r3.finalOutput, process.env.TOOL_EXPECT ?? EXPECT);
