// Drives a real `gatehouse --headless` with MCP servers in its config.json
// (see run.sh) and checks each behaviour over HTTP. Prints "ok   name" or
// "FAIL name: why" per check and exits 1 if any failed.
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [gatehouse, work] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const everything = path.join(here, "..", "node_modules", "@modelcontextprotocol",
  "server-everything", "dist", "index.js");
const node = process.execPath;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const children = [];
let failures = 0;
async function check(name, body) {
  try {
    await body();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
function expect(cond, why) { if (!cond) throw new Error(why); }
async function until(what, probe, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}`);
}
function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
function alive(pid) {
  try { process.kill(pid, 0); } catch { return false; }
  // A zombie is gone for our purposes only once reaped; read its state.
  try { return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8")); } catch { return false; }
}
function processesWith(marker) {
  const found = [];
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker) && alive(Number(pid)))
        found.push(Number(pid));
    } catch {}
  }
  return found;
}

// HTTP servers of server-everything (streamable HTTP and the older SSE).
async function startEverything(mode) {
  const port = await freePort();
  const child = spawn(node, [everything, mode], { env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  await until(`server-everything ${mode}`, () => new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => { s.end(); resolve(true); });
    s.on("error", () => resolve(false));
  }));
  return port;
}
const httpPort = await startEverything("streamableHttp");
const ssePort = await startEverything("sse");

const marker = `gatehouse-mcp-cycle-${process.pid}-${Date.now()}`;
const stdio = (command, args, extra = {}) => ({ connection_type: "stdio",
  stdio_config: { command, args }, tools_to_execute: ["*"], ...extra });
const config = {
  providers: { mock: { keys: [] } },
  mcp: { client_configs: [
    { name: "everything", ...stdio(node, [everything, "stdio"]), tools_to_skip: ["get-env"] },
    { name: "everything_http", connection_type: "http",
      connection_string: `http://127.0.0.1:${httpPort}/mcp`, tools_to_execute: ["echo", "get-sum"] },
    { name: "everything_sse", connection_type: "sse",
      connection_string: `http://127.0.0.1:${ssePort}/sse`, tools_to_execute: ["echo"] },
    { name: "missing", ...stdio("gatehouse-no-such-mcp-server", []) },
    { name: "crashing", ...stdio("/bin/sh", ["-c", "echo 'boom: no API key set' >&2; exit 3"]) },
    { name: "hanging", ...stdio(node, [path.join(here, "servers", "hang.mjs")]),
      handshake_timeout_seconds: 1 },
    { name: "old", ...stdio(node, [path.join(here, "servers", "old-protocol.mjs")]) },
    { name: "changing", ...stdio(node, [path.join(here, "servers", "changing.mjs")]) },
    { name: "cycled", ...stdio(node, [path.join(here, "servers", "changing.mjs"), marker]),
      enabled: false },
  ] },
};
fs.writeFileSync(path.join(work, "config.json"), JSON.stringify(config, null, 2));
const home = path.join(work, "home");
fs.rmSync(home, { recursive: true, force: true });
fs.mkdirSync(home, { recursive: true });
const port = await freePort();
const env = { ...process.env, HOME: home };
for (const v of ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"]) delete env[v];
const log = fs.openSync(path.join(work, "gatehouse.log"), "w");
const gw = spawn(gatehouse, ["--headless", "--port", String(port), "--config",
  path.join(work, "config.json"), "--store", path.join(work, "gatehouse.db")],
  { env, stdio: ["ignore", log, log] });
const base = `http://127.0.0.1:${port}`;
await until("the gateway", async () => (await fetch(`${base}/health`).catch(() => null))?.ok);
const token = fs.readFileSync(path.join(home, ".config", "gatehouse", "api-token"), "utf8").trim();
const auth = { Authorization: `Bearer ${token}` };

async function clients() {
  const r = await fetch(`${base}/api/mcp/clients`);
  expect(r.status === 200, `GET /api/mcp/clients: ${r.status}`);
  return Object.fromEntries((await r.json()).clients.map((c) => [c.name, c]));
}
const client = async (name) => (await clients())[name];
const connected = (name) => until(`${name} connected`, async () => {
  const c = await client(name);
  return c?.state === "connected" ? c : null;
});
const failedWith = (name, text) => until(`${name}'s error "${text}"`, async () => {
  const c = await client(name);
  return c?.last_error?.includes(text) ? c : null;
});
async function execute(name, args, headers = {}) {
  const r = await fetch(`${base}/v1/mcp/tool/execute`, { method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ id: "call_1", type: "function",
      function: { name, arguments: JSON.stringify(args) } }) });
  return { status: r.status, body: await r.json() };
}
const setEnabled = (name, enabled, headers = auth) => fetch(`${base}/api/mcp/client/${name}`,
  { method: "PUT", headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ enabled }) });

await check("stdio server-everything connects and lists its tools", async () => {
  const c = await connected("everything");
  const names = c.tools.map((t) => t.name);
  expect(names.includes("echo") && names.includes("get-sum"), `tools: ${names}`);
  expect(c.tools.find((t) => t.name === "echo").input_schema.properties.message, "echo's schema");
  expect(c.tools.find((t) => t.name === "get-env").allowed === false, "get-env is skipped");
  expect(alive(c.pid), `pid ${c.pid} runs`);
  expect(c.protocol_version, "a protocol version was agreed");
});
await check("a tool call through /v1/mcp/tool/execute answers a tool message", async () => {
  const { status, body } = await execute("everything-echo", { message: "hello" });
  expect(status === 200, `status ${status}: ${JSON.stringify(body)}`);
  expect(body.role === "tool" && body.tool_call_id === "call_1", JSON.stringify(body));
  expect(body.content === "Echo: hello", JSON.stringify(body));
  const sum = await execute("everything-get-sum", { a: 2, b: 3 });
  expect(sum.body.content.includes("5"), JSON.stringify(sum.body));
});
await check("unknown, skipped and malformed tool calls are refused with a reason", async () => {
  const unknown = await execute("everything-nope", {});
  expect(unknown.status === 404 && /no tool "nope"/.test(unknown.body.error.message), JSON.stringify(unknown));
  const noPrefix = await execute("echo", {});
  expect(noPrefix.status === 404 && /<client>-<tool>/.test(noPrefix.body.error.message), JSON.stringify(noPrefix));
  const skipped = await execute("everything-get-env", {});
  expect(skipped.status === 403 && skipped.body.error.code === "tool_not_allowed", JSON.stringify(skipped));
  const r = await fetch(`${base}/v1/mcp/tool/execute`, { method: "POST", body: "{\"function\":{}}" });
  expect(r.status === 400, `status ${r.status}`);
});
await check("streamable HTTP server-everything connects and runs a tool", async () => {
  const c = await connected("everything_http");
  expect(c.tools.length > 2, "lists tools");
  const { body } = await execute("everything_http-echo", { message: "over http" });
  expect(body.content === "Echo: over http", JSON.stringify(body));
  const denied = await execute("everything_http-get-env", {});
  expect(denied.status === 403, "only tools_to_execute are offered");
});
await check("SSE server-everything connects and runs a tool", async () => {
  await connected("everything_sse");
  const { body } = await execute("everything_sse-echo", { message: "over sse" });
  expect(body.content === "Echo: over sse", JSON.stringify(body));
});
await check("a command that does not exist is named in the error", async () => {
  const c = await failedWith("missing", "command not found");
  expect(c.last_error.includes("gatehouse-no-such-mcp-server"), c.last_error);
  expect(["error", "reconnecting"].includes(c.state), c.state);
});
await check("a server that exits at once: its status and stderr tail", async () => {
  const c = await failedWith("crashing", "exited with status 3");
  expect(c.last_error.includes("boom: no API key set"), c.last_error);
  expect(c.stderr_tail.includes("boom"), c.stderr_tail);
});
await check("a server that hangs in initialize: handshake timed out", async () => {
  await failedWith("hanging", "handshake timed out");
});
await check("a server with an unknown protocol version is refused", async () => {
  const c = await failedWith("old", "protocol version refused");
  expect(c.last_error.includes("1999-01-01"), c.last_error);
});
await check("tools/list_changed: a new tool is listed and callable", async () => {
  const c = await connected("changing");
  expect(!c.tools.some((t) => t.name === "extra"), "no extra yet");
  const added = await execute("changing-add_tool", {});
  expect(added.body.content === "added", JSON.stringify(added.body));
  await until("extra listed", async () => (await client("changing")).tools.some((t) => t.name === "extra"));
  const { body } = await execute("changing-extra", { n: 7 });
  expect(body.content === "extra 7", JSON.stringify(body));
});
await check("the official MCP SDK client lists and calls tools through /mcp", async () => {
  const sdk = new Client({ name: "sdk-test", version: "1.0.0" });
  await sdk.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
  const { tools } = await sdk.listTools();
  const names = tools.map((t) => t.name);
  expect(names.includes("everything-echo") && names.includes("everything_http-echo"), `${names}`);
  expect(!names.includes("everything-get-env"), "skipped tools are not offered");
  expect(JSON.stringify(names) === JSON.stringify([...names].sort()), "sorted by name");
  const r = await sdk.callTool({ name: "everything_http-echo", arguments: { message: "via /mcp" } });
  expect(r.content[0].text === "Echo: via /mcp", JSON.stringify(r));
  let refused = null;
  try { await sdk.callTool({ name: "everything-nope", arguments: {} }); } catch (e) { refused = e; }
  expect(refused && /no tool/.test(refused.message), `unknown tool: ${refused}`);
  await sdk.close();
});
await check("Claude Code with --mcp-config on /mcp calls a tool through the mock model", async () => {
  // Claude Code names MCP tools mcp__<server>__<tool>; mock/tool calls the
  // one the prompt names, Claude Code runs it through /mcp and sends the
  // result back, and mock/tool answers with the result's text.
  const mcpConfig = JSON.stringify({ mcpServers: { gatehouse: { type: "http",
    url: `${base}/mcp`, headers: { Authorization: `Bearer ${token}` } } } });
  const tool = "mcp__gatehouse__everything-echo";
  const marker = `claude-mcp-${process.pid}`;
  let out = "";
  try {
    out = execFileSync(path.join(here, "..", "run", "claude.sh"),
      [`Use ${tool} with {"message":"${marker}"}`, "--mcp-config", mcpConfig, "--strict-mcp-config",
       "--allowedTools", tool],
      { env: { ...process.env, BASE: `${base}/anthropic`, MODEL: "mock/tool", SMALL_MODEL: "mock/tool" },
        encoding: "utf8", timeout: 240000, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`claude failed: ${e.message} ${e.stdout ?? ""} ${e.stderr ?? ""}`.slice(0, 2000));
  }
  expect(out.includes(`Tool ${tool} returned: Echo: ${marker}`), `claude said: ${out.slice(-500)}`);
  await until("Claude Code's call in the request log", async () => {
    const page = await (await fetch(`${base}/api/logs?provider=mcp&limit=100`)).json();
    return page.data?.find((r) => r.model === "everything-echo" && r.endpoint === "/mcp");
  });
});
await check("/mcp refuses a wrong API token and unknown sessions", async () => {
  const wrong = await fetch(`${base}/mcp`, { method: "POST", headers: { Authorization: "Bearer nope",
    "Content-Type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
  expect(wrong.status === 401, `wrong token: ${wrong.status}`);
  const stale = await fetch(`${base}/mcp`, { method: "POST", headers: { "Mcp-Session-Id": "stale",
    "Content-Type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
  expect(stale.status === 404, `unknown session: ${stale.status}`);
  const get = await fetch(`${base}/mcp`);
  expect(get.status === 405, `GET: ${get.status}`);
});
async function chat(content, headers = {}) {
  const r = await fetch(`${base}/v1/chat/completions`, { method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify({ model: "mock/tool", messages: [{ role: "user", content }] }) });
  expect(r.status === 200, `chat: ${r.status}`);
  return (await r.json()).choices[0].message;
}
await check("x-bf-mcp-include-clients gives a chat request the MCP tools; the call runs", async () => {
  const asked = 'Please call everything-echo {"message": "from a model"}';
  const message = await chat(asked, { "x-bf-mcp-include-clients": "everything" });
  const call = message.tool_calls?.[0];
  expect(call?.function.name === "everything-echo", JSON.stringify(message));
  const { body } = await execute(call.function.name, JSON.parse(call.function.arguments));
  expect(body.content === "Echo: from a model", JSON.stringify(body));
  const plain = await chat(asked);
  expect(!plain.tool_calls, `no header, no tools: ${JSON.stringify(plain)}`);
  const none = await chat(asked, { "x-bf-mcp-include-clients": "" });
  expect(!none.tool_calls, `an empty list includes nothing: ${JSON.stringify(none)}`);
});
await check("x-bf-mcp-include-tools narrows the tools to those named", async () => {
  const message = await chat("add these", { "x-bf-mcp-include-tools": "everything_http-get-sum" });
  const call = message.tool_calls?.[0];
  expect(call?.function.name === "everything_http-get-sum", JSON.stringify(message));
});
await check("tool calls are counted in /metrics and logged with an mcp_tool span", async () => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const ok = text.match(/gatehouse_mcp_tool_calls_total\{client="everything",outcome="ok"\} (\d+)/);
  expect(ok && Number(ok[1]) >= 3, `ok calls: ${ok}`);
  expect(/gatehouse_mcp_client_up\{client="everything"\} 1/.test(text), "everything is up");
  expect(/gatehouse_mcp_client_up\{client="crashing"\} 0/.test(text), "crashing is down");
  const row = await until("the tool call in the request log", async () => {
    const page = await (await fetch(`${base}/api/logs?provider=mcp&limit=100`)).json();
    return page.data?.find((r) => r.model === "everything-echo" && r.endpoint === "/v1/mcp/tool/execute");
  });
  await until("the /mcp tool call in the request log", async () => {
    const page = await (await fetch(`${base}/api/logs?provider=mcp&limit=100`)).json();
    return page.data?.find((r) => r.model === "everything_http-echo" && r.endpoint === "/mcp");
  });
  const detail = await (await fetch(`${base}/api/logs/${row.id}`)).json();
  const span = detail.spans?.find((s) => s.kind === "mcp_tool");
  expect(span && span.name === "everything-echo" && span.outcome === "ok", JSON.stringify(detail.spans));
});
await check("disabling needs the API token and ends the child process", async () => {
  const before = await connected("everything");
  const refused = await setEnabled("everything", false, {});
  expect(refused.status === 401, `without the token: ${refused.status}`);
  const r = await setEnabled("everything", false);
  expect(r.status === 200, `status ${r.status}`);
  expect((await r.json()).state === "disabled", "disabled at once");
  await until(`pid ${before.pid} gone`, async () => !alive(before.pid), 10000);
  const call = await execute("everything-echo", { message: "x" });
  expect(call.status === 503, `a call to a disabled server: ${call.status}`);
  expect((await setEnabled("everything", true)).status === 200, "enabled again");
  const after = await connected("everything");
  expect(after.pid !== before.pid && alive(after.pid), "a new child");
});
await check("reconnect restarts a server with a new process", async () => {
  const before = await connected("changing");
  const r = await fetch(`${base}/api/mcp/client/changing/reconnect`, { method: "POST", headers: auth });
  expect(r.status === 200, `status ${r.status}`);
  const after = await until("a new pid", async () => {
    const c = await client("changing");
    return c.state === "connected" && c.pid !== before.pid ? c : null;
  });
  await until(`old pid ${before.pid} gone`, async () => !alive(before.pid), 10000);
  expect(alive(after.pid), "new one runs");
});
await check("100 enable/disable cycles leave no orphan process", async () => {
  for (let i = 0; i < 100; i++) {
    expect((await setEnabled("cycled", true)).status === 200, `enable ${i}`);
    if (i % 10 === 0) await connected("cycled");  // some cycles all the way up
    expect((await setEnabled("cycled", false)).status === 200, `disable ${i}`);
  }
  try {
    await until("no process of the cycled server left", async () => processesWith(marker).length === 0, 15000);
  } catch (e) {
    const left = processesWith(marker).map((pid) => `${pid} (${fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/PPid:\s*(\d+)/)[1]}, ${fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2]})`);
    throw new Error(`${e.message}: ${left.join(", ")}`);
  }
  expect((await fetch(`${base}/health`)).ok, "the gateway still serves");
});
await check("stopping the gateway ends every MCP server it started", async () => {
  const pids = Object.values(await clients()).map((c) => c.pid).filter(Boolean);
  expect(pids.length >= 2, `children: ${pids}`);
  gw.kill("SIGTERM");
  await new Promise((r) => gw.once("exit", r));
  for (const pid of pids) expect(!alive(pid), `pid ${pid} outlived the gateway`);
});

if (gw.exitCode === null) gw.kill("SIGKILL");
for (const c of children) c.kill();
if (failures) {
  console.log(`${failures} MCP check(s) failed; the gateway's log: ${path.join(work, "gatehouse.log")}`);
  process.exit(1);
}
console.log("all MCP checks passed");
process.exit(0);
