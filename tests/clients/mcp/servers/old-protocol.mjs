// An MCP server that only speaks a protocol version nobody knows: its
// client must refuse the handshake and say so.
import readline from "node:readline";

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const m = JSON.parse(line);
  if (m.method === "initialize")
    process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: m.id, result: {
      protocolVersion: "1999-01-01", capabilities: { tools: {} },
      serverInfo: { name: "old", version: "0" } } }) + "\n");
});
