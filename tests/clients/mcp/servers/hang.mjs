// An MCP server that reads every message and never answers: its client's
// handshake must time out.
process.stdin.on("data", () => {});
setInterval(() => {}, 1 << 30);
