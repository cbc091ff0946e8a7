#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace gatehouse {

// What the mock provider's "tool" model does with a chat request, so that
// agents can be tried offline with a real tool round trip:
//  - after the last assistant turn's tool calls got their results, it
//    answers with the results' text ("Tool <name> returned: <text>");
//  - else, when the request offers tools, it calls one: the first tool whose
//    name the last user message mentions (else the request's first tool),
//    with the JSON object that follows that name in the message as its
//    arguments (else arguments made from the tool's parameter schema);
//  - a tool the message mentions that is deferred (not offered, but named
//    on a line of its own in a system message, as Claude Code lists its MCP
//    tools) is loaded first with ToolSearch {"query": "select:<name>"}, when
//    that tool is offered; after a turn that only searched it calls the
//    mentioned tool if it is now offered, else answers;
//  - else it echoes the last user message.
struct MockToolCall {
    QString name;
    QString arguments;  // JSON text
};

// The tool call to make, or nothing when the answer is text.
std::optional<MockToolCall> mockToolCall(const QJsonObject &chatBody);
// The text answer: the tool results' text after a round trip, else empty.
QString mockToolResultText(const QJsonObject &chatBody);

// Arguments satisfying a JSON schema's required properties (strings
// "mock", numbers 1, booleans true, the first enum value, empty arrays).
QJsonObject argumentsForSchema(const QJsonObject &schema);

}  // namespace gatehouse
