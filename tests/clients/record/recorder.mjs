#!/usr/bin/env node
// A fake LLM upstream that records what real clients send.
//
//   node record/recorder.mjs --port 0 --out requests.jsonl
//
// Every request is appended to --out as one JSON line:
//   {seq, time, method, url, path, query, headers, rawHeaders, body, bodyEncoding, reply}
// `body` is the parsed JSON when the body is JSON, else the text (or base64
// for binary, then bodyEncoding is "base64"). Compressed bodies (gzip,
// deflate, br, zstd) are decompressed first; `headers` keeps the original
// content-encoding.
//
// It answers with a minimal valid reply in the format the path implies, so
// the client proceeds and exits 0. The reply text is "recorded-ok".
//
// Tool round trip: when the last user turn contains "use a tool" and carries
// no tool result yet, and the request offers a usable tool (a shell tool
// preferably), the reply is a call of that tool running `echo recorded-tool`.
// Once the conversation has a tool result after the last user text, the reply
// is the plain text again. For a Responses request whose only shell access is
// Codex's code-mode `exec` custom tool (in an `additional_tools` input item),
// the call is a custom_tool_call whose JavaScript input runs
// tools.exec_command. Structured-output requests (Gemini responseJsonSchema,
// Responses text.format json_schema, chat response_format) get JSON that
// matches the schema instead of the plain text.
//
// --omit LIST (comma separated) drops parts of the replies, to find out what a
// client really needs: an SSE event type (e.g. ping, message_stop,
// response.in_progress, response.output_text.done), or one of the words
//   usage            no usage / usageMetadata anywhere
//   id               no id / responseId fields on messages, responses, items
//   sequence_number  no sequence_number on Responses events
//   event-line       no `event:` line on SSE events (data: only)
//   key:NAME         no field NAME anywhere in a reply (e.g. key:finishReason)
//   namespace        no `namespace` on Responses tool calls of namespaced tools
//
// On start it prints one line to stdout: {"listening":PORT}.
// Only node's standard library is used.

import http from 'node:http';
import fs from 'node:fs';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';

const TEXT = 'recorded-ok';
const TOOL_TRIGGER = /use a tool/i;
const TOOL_COMMAND = 'echo recorded-tool';

function parseArgs(argv) {
  const args = { port: 0, host: '127.0.0.1', out: 'requests.jsonl', omit: new Set() };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline = null;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) { inline = a.slice(eq + 1); a = a.slice(0, eq); }
    const next = () => (inline !== null ? inline : argv[++i]);
    if (a === '--port') args.port = Number(next());
    else if (a === '--host') args.host = next();
    else if (a === '--out') args.out = next();
    else if (a === '--omit') args.omit = new Set(next().split(',').map((x) => x.trim()).filter(Boolean));
    else if (a === '--help' || a === '-h') {
      console.log('usage: recorder.mjs [--port N] [--host 127.0.0.1] [--out requests.jsonl] [--omit LIST]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
let seq = 0;

const rid = (prefix) => `${prefix}${crypto.randomBytes(12).toString('hex')}`;
const nowSec = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------- bodies

function decompress(buf, encoding) {
  const enc = String(encoding || '').trim().toLowerCase();
  if (!enc || enc === 'identity' || buf.length === 0) return buf;
  if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(buf);
  if (enc === 'deflate') return zlib.inflateSync(buf);
  if (enc === 'br') return zlib.brotliDecompressSync(buf);
  if (enc === 'zstd') {
    if (typeof zlib.zstdDecompressSync === 'function') return zlib.zstdDecompressSync(buf);
    const r = spawnSync('zstd', ['-d', '-c', '-q'], { input: buf, maxBuffer: 1 << 30 });
    if (r.status === 0) return r.stdout;
    throw new Error('zstd body and no zstd decoder (node < 22.15 and no zstd binary)');
  }
  throw new Error(`unknown content-encoding ${enc}`);
}

function decodeBody(buf, headers) {
  if (buf.length === 0) return { body: null, bodyEncoding: null };
  let raw = buf;
  let note = null;
  try {
    raw = decompress(buf, headers['content-encoding']);
  } catch (e) {
    note = String(e.message || e);
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), bodyEncoding: note ? `json (${note})` : null };
  } catch {
    // not JSON
  }
  if (!text.includes('\uFFFD')) return { body: text, bodyEncoding: note ? `text (${note})` : 'text' };
  return { body: raw.toString('base64'), bodyEncoding: note ? `base64 (${note})` : 'base64' };
}

// ---------------------------------------------------------------- helpers

function sendJson(res, status, obj, extraHeaders = {}) {
  const data = JSON.stringify(scrub(obj));
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(data),
    ...extraHeaders,
  });
  res.end(data);
}

function startSse(res, extraHeaders = {}) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...extraHeaders,
  });
}

// Writes one SSE event unless its type is omitted. The payload's own `type`
// comes first, as the real services do.
function sseEvent(res, type, payload) {
  if (args.omit.has(type)) return false;
  const data = scrub(payload);
  const head = args.omit.has('event-line') ? '' : `event: ${type}\n`;
  res.write(`${head}data: ${JSON.stringify(data)}\n\n`);
  return true;
}

// Applies the --omit words to a reply object (recursively).
function scrub(value) {
  if (!args.omit.size) return value;
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (args.omit.has('usage') && (k === 'usage' || k === 'usageMetadata')) continue;
      if (args.omit.has('id') && (k === 'id' || k === 'responseId')) continue;
      if (args.omit.has('sequence_number') && k === 'sequence_number') continue;
      if (args.omit.has(`key:${k}`)) continue;
      out[k] = scrub(v);
    }
    return out;
  }
  return value;
}

function textOf(value) {
  // All text found in a message content value (string, list of blocks/parts).
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (typeof value === 'object') {
    if (typeof value.text === 'string') return value.text;
    if (value.content !== undefined) return textOf(value.content);
    if (Array.isArray(value.parts)) return textOf(value.parts);
  }
  return '';
}

// A small value that satisfies a JSON schema (OpenAPI-style upper-case types
// too), for structured-output requests: strings are "recorded-ok".
function sampleFromSchema(schema, depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > 8) return TEXT;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const variants = schema.anyOf || schema.oneOf;
  if (Array.isArray(variants) && variants.length) return sampleFromSchema(variants[0], depth + 1);
  let type = schema.type;
  if (Array.isArray(type)) type = type.find((t) => String(t).toLowerCase() !== 'null') || type[0];
  type = String(type || (schema.properties ? 'object' : 'string')).toLowerCase();
  switch (type) {
    case 'object': {
      const out = {};
      for (const [k, v] of Object.entries(schema.properties || {})) out[k] = sampleFromSchema(v, depth + 1);
      return out;
    }
    case 'array': {
      const n = schema.minItems || 0;
      return Array.from({ length: n }, () => sampleFromSchema(schema.items, depth + 1));
    }
    case 'integer': return Math.max(1, schema.minimum ?? 1);
    case 'number': return Math.max(1, schema.minimum ?? 1);
    case 'boolean': return false;
    case 'null': return null;
    default: return TEXT;
  }
}

function schemaOf(tool) {
  return tool.input_schema || tool.parameters || tool.parametersJsonSchema || tool.schema || {};
}

// Arguments for calling `name` (with JSON schema `schema`) so that it runs
// TOOL_COMMAND (shell tools) or does something harmless (others).
function toolArgs(name, schema) {
  const props = (schema && schema.properties) || {};
  const out = {};
  if ('command' in props) {
    const t = props.command.type;
    out.command = t === 'array' ? ['bash', '-lc', TOOL_COMMAND] : TOOL_COMMAND;
  } else if ('cmd' in props) {
    out.cmd = TOOL_COMMAND;
  } else if ('file_path' in props) {
    out.file_path = '/etc/hostname';
  } else if ('absolute_path' in props) {
    out.absolute_path = '/etc/hostname';
  } else if ('path' in props) {
    out.path = '.';
  }
  if ('description' in props && (schema.required || []).includes('description')) {
    out.description = 'Print a marker';
  }
  return out;
}

const SHELL_NAMES = ['Bash', 'shell', 'exec_command', 'shell_command', 'run_shell_command', 'local_shell'];
const OTHER_NAMES = ['Read', 'read_file', 'list_directory', 'LS', 'ls'];

function pickTool(tools) {
  // tools: [{name, schema}]
  if (!tools.length) return null;
  for (const n of [...SHELL_NAMES, ...OTHER_NAMES]) {
    const t = tools.find((x) => x.name === n);
    if (t) return t;
  }
  return tools[0];
}

// ---------------------------------------------------------------- Anthropic

function anthropicWantsTool(body) {
  const tools = (body.tools || [])
    .filter((t) => t && t.name && (!t.type || t.type === 'custom'))
    .map((t) => ({ name: t.name, schema: schemaOf(t) }));
  if (!tools.length) return null;
  const msgs = body.messages || [];
  const lastUser = [...msgs].reverse().find((m) => m.role === 'user');
  if (!lastUser) return null;
  const blocks = Array.isArray(lastUser.content) ? lastUser.content : [{ type: 'text', text: lastUser.content }];
  if (blocks.some((b) => b && b.type === 'tool_result')) return null;
  if (!TOOL_TRIGGER.test(textOf(blocks))) return null;
  const tool = pickTool(tools);
  return tool && { name: tool.name, input: toolArgs(tool.name, tool.schema) };
}

function anthropicUsage(outputTokens) {
  return {
    input_tokens: 12,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function answerAnthropic(req, res, body) {
  const headers = { 'request-id': rid('req_'), 'anthropic-organization-id': '00000000-0000-0000-0000-000000000000' };
  if (req.url.split('?')[0].endsWith('/count_tokens')) {
    sendJson(res, 200, { input_tokens: 12 }, headers);
    return 'anthropic.count_tokens';
  }
  const model = body.model || 'recorded-model';
  const id = rid('msg_rec');
  const call = anthropicWantsTool(body);
  const block = call
    ? { type: 'tool_use', id: rid('toolu_rec'), name: call.name, input: call.input }
    : { type: 'text', text: TEXT };
  const stopReason = call ? 'tool_use' : 'end_turn';
  if (!body.stream) {
    sendJson(res, 200, {
      id, type: 'message', role: 'assistant', model,
      content: [block], stop_reason: stopReason, stop_sequence: null,
      usage: anthropicUsage(5),
    }, headers);
    return call ? 'anthropic.json.tool_use' : 'anthropic.json.text';
  }
  startSse(res, headers);
  const ev = (type, data) => sseEvent(res, type, { type, ...data });
  ev('message_start', {
    message: {
      id, type: 'message', role: 'assistant', model, content: [],
      stop_reason: null, stop_sequence: null, usage: anthropicUsage(1),
    },
  });
  if (call) {
    ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
    ev('ping', {});
    ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
  } else {
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    ev('ping', {});
    ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: TEXT } });
  }
  ev('content_block_stop', { index: 0 });
  ev('message_delta', {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 5 },
  });
  ev('message_stop', {});
  res.end();
  return call ? 'anthropic.sse.tool_use' : 'anthropic.sse.text';
}

// ---------------------------------------------------------------- OpenAI Responses

function responsesInputItems(body) {
  if (typeof body.input === 'string') return [{ type: 'message', role: 'user', content: body.input }];
  return Array.isArray(body.input) ? body.input : [];
}

// Tools offered by a Responses request: top-level `tools`, and the tools of
// `additional_tools` input items (Codex's "responses lite" requests); tools
// of `namespace` entries are flattened (with their namespace noted).
function responsesTools(body) {
  const out = [];
  const visit = (list, namespace) => {
    for (const t of list || []) {
      if (!t || typeof t !== 'object') continue;
      if (t.type === 'namespace') visit(t.tools, t.name);
      else if (t.type === 'function') out.push({ name: t.name || (t.function && t.function.name), schema: t.parameters || (t.function && t.function.parameters) || {}, kind: 'function', namespace });
      else if (t.type === 'custom') out.push({ name: t.name, schema: {}, kind: 'custom', namespace });
    }
  };
  visit(body.tools, null);
  for (const it of responsesInputItems(body)) if (it && it.type === 'additional_tools') visit(it.tools, null);
  return out.filter((t) => t.name);
}

function responsesWantsTool(body) {
  const tools = responsesTools(body);
  if (!tools.length) return null;
  const items = responsesInputItems(body);
  let lastUserIdx = -1;
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if ((it.type === 'message' || it.type === undefined) && it.role === 'user') { lastUserIdx = i; break; }
  }
  if (lastUserIdx < 0) return null;
  const after = items.slice(lastUserIdx + 1);
  if (after.some((it) => /_output$/.test(it.type || ''))) return null;
  if (!TOOL_TRIGGER.test(textOf(items[lastUserIdx].content))) return null;
  // A shell-like function tool first; else Codex's code-mode `exec` custom
  // tool (JavaScript that calls the nested tools); else any function tool.
  const fnTools = tools.filter((t) => t.kind === 'function');
  const shell = fnTools.find((t) => SHELL_NAMES.includes(t.name));
  const codeExec = tools.find((t) => t.kind === 'custom' && t.name === 'exec');
  if (!shell && codeExec) {
    return {
      kind: 'custom', name: codeExec.name, namespace: codeExec.namespace,
      input: `text(await tools.exec_command({ cmd: ${JSON.stringify(TOOL_COMMAND)} }));`,
    };
  }
  const tool = shell || pickTool(fnTools);
  return tool && { kind: 'function', name: tool.name, namespace: tool.namespace, arguments: JSON.stringify(toolArgs(tool.name, tool.schema)) };
}

function responsesUsage() {
  return {
    input_tokens: 12,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 5,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 17,
  };
}

function responsesObject(body, id, status, output, usage) {
  return {
    id,
    object: 'response',
    created_at: nowSec(),
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: body.model || 'recorded-model',
    output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: body.metadata ?? {},
  };
}

// "recorded-ok", or JSON matching text.format's schema (structured output).
function responsesText(body) {
  const fmt = body.text && body.text.format;
  if (fmt && fmt.type === 'json_schema') return JSON.stringify(sampleFromSchema(fmt.schema || { type: 'object' }));
  if (fmt && fmt.type === 'json_object') return JSON.stringify({ text: TEXT });
  return TEXT;
}

function answerResponses(req, res, body) {
  const id = rid('resp_rec');
  const call = responsesWantsTool(body);
  const TEXT = responsesText(body); // eslint-disable-line no-shadow
  const itemId = call ? rid(call.kind === 'custom' ? 'ctc_rec' : 'fc_rec') : rid('msg_rec');
  let finalItem;
  if (call && call.kind === 'custom') {
    finalItem = { id: itemId, type: 'custom_tool_call', status: 'completed', call_id: rid('call_rec'), name: call.name, input: call.input };
  } else if (call) {
    finalItem = { id: itemId, type: 'function_call', status: 'completed', arguments: call.arguments, call_id: rid('call_rec'), name: call.name };
  } else {
    finalItem = {
      id: itemId, type: 'message', status: 'completed', role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: TEXT }],
    };
  }
  if (call && call.namespace && !args.omit.has('namespace')) finalItem.namespace = call.namespace;
  const headers = { 'x-request-id': rid('req_') };
  const kind = call ? (call.kind === 'custom' ? 'custom_tool_call' : 'function_call') : 'text';
  if (!body.stream) {
    sendJson(res, 200, responsesObject(body, id, 'completed', [finalItem], responsesUsage()), headers);
    return `responses.json.${kind}`;
  }
  startSse(res, headers);
  let n = 0;
  const ev = (type, data) => {
    if (sseEvent(res, type, { type, sequence_number: n, ...data })) n++;
  };
  ev('response.created', { response: responsesObject(body, id, 'in_progress', [], null) });
  ev('response.in_progress', { response: responsesObject(body, id, 'in_progress', [], null) });
  if (call && call.kind === 'custom') {
    ev('response.output_item.added', { output_index: 0, item: { ...finalItem, status: 'in_progress', input: '' } });
    ev('response.custom_tool_call_input.delta', { item_id: itemId, output_index: 0, delta: call.input });
    ev('response.custom_tool_call_input.done', { item_id: itemId, output_index: 0, input: call.input });
    ev('response.output_item.done', { output_index: 0, item: finalItem });
  } else if (call) {
    ev('response.output_item.added', { output_index: 0, item: { ...finalItem, status: 'in_progress', arguments: '' } });
    ev('response.function_call_arguments.delta', { item_id: itemId, output_index: 0, delta: call.arguments });
    ev('response.function_call_arguments.done', { item_id: itemId, output_index: 0, arguments: call.arguments });
    ev('response.output_item.done', { output_index: 0, item: finalItem });
  } else {
    const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    ev('response.output_item.added', { output_index: 0, item: { ...finalItem, status: 'in_progress', content: [] } });
    ev('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part });
    ev('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta: TEXT, logprobs: [] });
    ev('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text: TEXT, logprobs: [] });
    ev('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part: { ...part, text: TEXT } });
    ev('response.output_item.done', { output_index: 0, item: finalItem });
  }
  ev('response.completed', { response: responsesObject(body, id, 'completed', [finalItem], responsesUsage()) });
  res.end();
  return `responses.sse.${kind}`;
}

// ---------------------------------------------------------------- OpenAI chat completions

function chatWantsTool(body) {
  const tools = (body.tools || [])
    .filter((t) => t.type === 'function' && t.function)
    .map((t) => ({ name: t.function.name, schema: t.function.parameters || {} }));
  if (!tools.length) return null;
  const msgs = body.messages || [];
  let lastUserIdx = -1;
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i].role === 'user') { lastUserIdx = i; break; }
  if (lastUserIdx < 0) return null;
  if (msgs.slice(lastUserIdx + 1).some((m) => m.role === 'tool')) return null;
  if (!TOOL_TRIGGER.test(textOf(msgs[lastUserIdx].content))) return null;
  const tool = pickTool(tools);
  return tool && { name: tool.name, arguments: JSON.stringify(toolArgs(tool.name, tool.schema)) };
}

function chatText(body) {
  const fmt = body.response_format;
  if (fmt && fmt.type === 'json_schema') return JSON.stringify(sampleFromSchema((fmt.json_schema && fmt.json_schema.schema) || { type: 'object' }));
  if (fmt && fmt.type === 'json_object') return JSON.stringify({ text: TEXT });
  return TEXT;
}

function answerChat(req, res, body) {
  const TEXT = chatText(body); // eslint-disable-line no-shadow
  const id = rid('chatcmpl-rec');
  const model = body.model || 'recorded-model';
  const created = nowSec();
  const call = chatWantsTool(body);
  const toolCall = call && { id: rid('call_rec'), type: 'function', function: { name: call.name, arguments: call.arguments } };
  const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };
  const finish = call ? 'tool_calls' : 'stop';
  if (!body.stream) {
    sendJson(res, 200, {
      id, object: 'chat.completion', created, model,
      choices: [{
        index: 0,
        message: call ? { role: 'assistant', content: null, tool_calls: [toolCall] } : { role: 'assistant', content: TEXT },
        logprobs: null, finish_reason: finish,
      }],
      usage,
    });
    return call ? 'chat.json.tool_calls' : 'chat.json.text';
  }
  startSse(res);
  const chunk = (delta, finishReason, extra = {}) => res.write(`data: ${JSON.stringify(scrub({
    id, object: 'chat.completion.chunk', created, model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra,
  }))}\n\n`);
  chunk({ role: 'assistant', content: '' }, null);
  if (call) chunk({ tool_calls: [{ index: 0, ...toolCall }] }, null);
  else chunk({ content: TEXT }, null);
  chunk({}, finish);
  if (body.stream_options && body.stream_options.include_usage) {
    res.write(`data: ${JSON.stringify(scrub({ id, object: 'chat.completion.chunk', created, model, choices: [], usage }))}\n\n`);
  }
  res.write('data: [DONE]\n\n');
  res.end();
  return call ? 'chat.sse.tool_calls' : 'chat.sse.text';
}

// ---------------------------------------------------------------- Gemini

function geminiWantsTool(body) {
  const tools = [];
  for (const t of body.tools || []) {
    for (const f of t.functionDeclarations || t.function_declarations || []) {
      tools.push({ name: f.name, schema: f.parametersJsonSchema || f.parameters || {} });
    }
  }
  if (!tools.length) return null;
  const contents = body.contents || [];
  let lastUserIdx = -1;
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i];
    const isResponse = (c.parts || []).some((p) => p.functionResponse);
    if ((c.role === 'user' || !c.role) && !isResponse) { lastUserIdx = i; break; }
  }
  if (lastUserIdx < 0) return null;
  const after = contents.slice(lastUserIdx + 1);
  if (after.some((c) => (c.parts || []).some((p) => p.functionResponse))) return null;
  if (!TOOL_TRIGGER.test(textOf(contents[lastUserIdx].parts))) return null;
  const tool = pickTool(tools);
  return tool && { name: tool.name, args: toolArgs(tool.name, tool.schema) };
}

// The reply text: "recorded-ok", or a JSON value matching the requested
// schema when the request asks for JSON output.
function geminiText(body) {
  const gc = (body && (body.generationConfig || body.generation_config)) || {};
  const schema = gc.responseJsonSchema || gc.responseSchema || gc._responseJsonSchema;
  if (gc.responseMimeType === 'application/json' || schema) return JSON.stringify(sampleFromSchema(schema || { type: 'object' }));
  return TEXT;
}

function geminiResponse(model, call, text = TEXT) {
  return {
    candidates: [{
      content: { role: 'model', parts: [call ? { functionCall: { name: call.name, args: call.args } } : { text }] },
      finishReason: 'STOP',
      index: 0,
    }],
    usageMetadata: {
      promptTokenCount: 12,
      candidatesTokenCount: 5,
      totalTokenCount: 17,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
    },
    modelVersion: model,
    responseId: rid('rec'),
  };
}

const GEMINI_MODELS = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-3-pro-preview', 'gemini-3-flash-preview'];

function geminiModelInfo(name) {
  return {
    name: `models/${name}`,
    version: '001',
    displayName: name,
    description: 'recorded',
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: ['generateContent', 'countTokens'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    thinking: true,
  };
}

function answerGemini(req, res, body, path, query) {
  // path: /v1beta/models/{model}:{method}  or  /v1beta/models[/name]
  const m = path.match(/^\/(v1beta|v1|v1alpha)\/(?:models|tunedModels)\/([^:]+):([A-Za-z]+)$/);
  if (!m) {
    if (req.method === 'GET') {
      const one = path.match(/^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+)$/);
      if (one) { sendJson(res, 200, geminiModelInfo(one[1])); return 'gemini.model'; }
      sendJson(res, 200, { models: GEMINI_MODELS.map(geminiModelInfo) });
      return 'gemini.models';
    }
    return null;
  }
  const [, , model, method] = m;
  const b = body || {};
  if (method === 'countTokens') {
    sendJson(res, 200, { totalTokens: 12, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }] });
    return 'gemini.countTokens';
  }
  if (method === 'embedContent') {
    sendJson(res, 200, { embedding: { values: [0.1, 0.2, 0.3] } });
    return 'gemini.embedContent';
  }
  if (method === 'batchEmbedContents') {
    sendJson(res, 200, { embeddings: (b.requests || [{}]).map(() => ({ values: [0.1, 0.2, 0.3] })) });
    return 'gemini.batchEmbedContents';
  }
  if (method === 'generateContent') {
    const call = geminiWantsTool(b);
    const text = geminiText(b);
    sendJson(res, 200, geminiResponse(model, call, text));
    return call ? 'gemini.json.functionCall' : text === TEXT ? 'gemini.json.text' : 'gemini.json.structured';
  }
  if (method === 'streamGenerateContent') {
    const call = geminiWantsTool(b);
    const chunk = geminiResponse(model, call, geminiText(b));
    if (query.get('alt') === 'sse') {
      startSse(res);
      res.write(`data: ${JSON.stringify(scrub(chunk))}\r\n\r\n`);
      res.end();
      return call ? 'gemini.sse.functionCall' : 'gemini.sse.text';
    }
    sendJson(res, 200, [chunk]);
    return call ? 'gemini.jsonarray.functionCall' : 'gemini.jsonarray.text';
  }
  return null;
}

// ---------------------------------------------------------------- dispatch

function route(req, res, body, path, query) {
  const b = body && typeof body === 'object' ? body : {};
  if (req.method === 'POST' && /^(\/v1)?\/messages(\/count_tokens)?$/.test(path)) return answerAnthropic(req, res, b);
  if (req.method === 'POST' && /^(\/v1)?\/responses$/.test(path)) return answerResponses(req, res, b);
  if (req.method === 'POST' && /^(\/v1)?\/chat\/completions$/.test(path)) return answerChat(req, res, b);
  if (/^\/(v1beta|v1|v1alpha)\/(models|tunedModels)(\/|$)/.test(path)) {
    const r = answerGemini(req, res, body, path, query);
    if (r) return r;
  }
  if (req.method === 'GET' && /^(\/v1)?\/models$/.test(path)) {
    sendJson(res, 200, { object: 'list', data: [{ id: 'recorded-model', object: 'model', created: 0, owned_by: 'recorder' }] });
    return 'openai.models';
  }
  sendJson(res, 404, { error: { type: 'not_found_error', message: `recorder: no fake for ${req.method} ${path}` } });
  return 'not_found';
}

const outStream = fs.createWriteStream(args.out, { flags: 'a' });

function record(entry) {
  outStream.write(`${JSON.stringify(entry)}\n`);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const buf = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://recorder.invalid');
    const { body, bodyEncoding } = decodeBody(buf, req.headers);
    const entry = {
      seq: seq++,
      time: new Date().toISOString(),
      method: req.method,
      url: req.url,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body,
      bodyEncoding,
      bodyBytes: buf.length,
      reply: null,
    };
    let reply;
    try {
      reply = route(req, res, body, url.pathname, url.searchParams);
    } catch (e) {
      reply = `error: ${e.message}`;
      if (!res.headersSent) sendJson(res, 500, { error: { type: 'api_error', message: String(e.message) } });
      else res.end();
    }
    entry.reply = reply;
    record(entry);
  });
});

// WebSocket or other upgrades are not served; record them so they are seen.
server.on('upgrade', (req, socket) => {
  const url = new URL(req.url, 'http://recorder.invalid');
  record({
    seq: seq++, time: new Date().toISOString(), method: req.method, url: req.url, path: url.pathname,
    query: Object.fromEntries(url.searchParams), headers: req.headers, rawHeaders: req.rawHeaders,
    body: null, bodyEncoding: null, bodyBytes: 0, reply: 'upgrade_refused',
  });
  socket.end('HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
});

// When a client is also given HTTPS_PROXY/HTTP_PROXY pointing here (with
// NO_PROXY=127.0.0.1,localhost), every attempt to reach another host shows
// up as a CONNECT (https) or an absolute-URL request (http). CONNECTs are
// recorded and refused.
server.on('connect', (req, socket) => {
  record({
    seq: seq++, time: new Date().toISOString(), method: req.method, url: req.url, path: null,
    query: {}, headers: req.headers, rawHeaders: req.rawHeaders,
    body: null, bodyEncoding: null, bodyBytes: 0, reply: 'connect_refused',
  });
  socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
});

server.keepAliveTimeout = 30_000;
server.listen(args.port, args.host, () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});

function shutdown() {
  server.close();
  outStream.end(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
