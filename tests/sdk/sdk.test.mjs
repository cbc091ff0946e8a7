// The official SDKs against a running Gatehouse (GATEHOUSE_URL), plain and
// streamed, through both the OpenAI and the Anthropic endpoints.
import { test } from "node:test";
import assert from "node:assert/strict";
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const base = process.env.GATEHOUSE_URL ?? "http://127.0.0.1:8080";
const openai = new OpenAI({ baseURL: `${base}/v1`, apiKey: "unused", maxRetries: 0 });
const openaiPrefixed = new OpenAI({ baseURL: `${base}/openai/v1`, apiKey: "unused", maxRetries: 0 });
const anthropic = new Anthropic({ baseURL: `${base}/anthropic`, apiKey: "unused", maxRetries: 0 });

test("openai: chat completion", async () => {
  const r = await openai.chat.completions.create({
    model: "mock/echo",
    messages: [{ role: "user", content: "hello from the openai sdk" }],
  });
  assert.equal(r.choices[0].message.content, "hello from the openai sdk");
  assert.ok(r.usage.total_tokens > 0);
});

test("openai: streamed chat completion", async () => {
  const stream = await openai.chat.completions.create({
    model: "mock/echo",
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: "user", content: "one two three four" }],
  });
  let text = "";
  let chunks = 0;
  let usage = null;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(text, "one two three four");
  assert.ok(chunks >= 4, `only ${chunks} chunks`);
  assert.ok(usage && usage.completion_tokens > 0);
});

test("openai: /openai/v1 prefix, models, embeddings, completions", async () => {
  const models = await openaiPrefixed.models.list();
  assert.ok(models.data.some((m) => m.id === "mock/echo"));
  const e = await openai.embeddings.create({ model: "mock/echo", input: "vector me" });
  assert.ok(e.data[0].embedding.length > 0);
  const c = await openai.completions.create({ model: "mock/echo", prompt: "complete" });
  assert.equal(c.choices[0].text, "complete");
});

test("openai: errors surface as APIError with the gateway's message", async () => {
  await assert.rejects(
    openai.chat.completions.create({ model: "nosuch/model", messages: [{ role: "user", content: "x" }] }),
    (err) => err.status === 400 && /Unknown provider/.test(err.message),
  );
});

test("anthropic: message", async () => {
  const m = await anthropic.messages.create({
    model: "mock/echo",
    max_tokens: 64,
    system: "be brief",
    messages: [{ role: "user", content: "hello from the anthropic sdk" }],
  });
  assert.equal(m.type, "message");
  assert.equal(m.content[0].type, "text");
  assert.equal(m.content[0].text, "hello from the anthropic sdk");
  assert.equal(m.stop_reason, "end_turn");
});

test("anthropic: streamed message", async () => {
  const stream = anthropic.messages.stream({
    model: "mock/echo",
    max_tokens: 64,
    messages: [{ role: "user", content: "streaming through the gateway" }],
  });
  let deltas = 0;
  stream.on("text", () => deltas++);
  const final = await stream.finalMessage();
  assert.equal(final.content[0].text, "streaming through the gateway");
  assert.ok(deltas >= 3, `only ${deltas} text deltas`);
  assert.equal(final.stop_reason, "end_turn");
});

test("anthropic: errors surface as APIError", async () => {
  await assert.rejects(
    anthropic.messages.create({ model: "nosuch/model", max_tokens: 5, messages: [{ role: "user", content: "x" }] }),
    (err) => err.status === 400 && err.error?.type === "error",
  );
});
