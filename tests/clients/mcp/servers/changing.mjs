// An MCP server (stdio, the official SDK) whose tool list changes: calling
// add_tool registers the tool "extra", and the SDK announces it with
// notifications/tools/list_changed.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "changing", version: "1.0.0" });
server.registerTool("add_tool", { description: "Adds the tool extra" }, async () => {
  if (!server.extraAdded) {
    server.extraAdded = true;
    server.registerTool(
      "extra",
      { description: "Appeared later", inputSchema: { n: z.number() } },
      async ({ n }) => ({ content: [{ type: "text", text: `extra ${n}` }] }),
    );
  }
  return { content: [{ type: "text", text: "added" }] };
});
await server.connect(new StdioServerTransport());
