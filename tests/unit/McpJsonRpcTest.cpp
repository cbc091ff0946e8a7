// MCP's JSON-RPC framing (mcp/JsonRpc): what servers send on stdout and over
// HTTP, and what clients POST to /mcp.
#include "mcp/JsonRpc.h"

#include <gtest/gtest.h>

#include <QJsonArray>

using namespace gatehouse::mcp;

namespace {

JsonRpcMessage one(const QByteArray &json) {
    QList<JsonRpcMessage> messages;
    QString error;
    EXPECT_TRUE(decodeMessages(json, &messages, &error)) << error.toStdString();
    EXPECT_EQ(messages.size(), 1);
    return messages.value(0);
}

QString refusal(const QByteArray &json) {
    QList<JsonRpcMessage> messages;
    QString error;
    EXPECT_FALSE(decodeMessages(json, &messages, &error)) << json.toStdString();
    return error;
}

}  // namespace

TEST(McpJsonRpc, DecodesARequestWithItsIdAndParams) {
    const JsonRpcMessage m =
        one(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo"}})");
    EXPECT_EQ(m.kind, JsonRpcMessage::Kind::Request);
    EXPECT_EQ(m.id.toInteger(), 7);
    EXPECT_EQ(m.method, QStringLiteral("tools/call"));
    EXPECT_EQ(m.params.toObject().value("name").toString(), QStringLiteral("echo"));
}

TEST(McpJsonRpc, AMethodWithoutIdIsANotification) {
    const JsonRpcMessage m =
        one(R"({"jsonrpc":"2.0","method":"notifications/tools/list_changed"})");
    EXPECT_EQ(m.kind, JsonRpcMessage::Kind::Notification);
    EXPECT_TRUE(m.params.isUndefined());
}

TEST(McpJsonRpc, KeepsAStringIdAsAString) {
    const JsonRpcMessage m = one(R"({"jsonrpc":"2.0","id":"abc","result":{}})");
    EXPECT_EQ(m.kind, JsonRpcMessage::Kind::Result);
    EXPECT_TRUE(m.id.isString());
    EXPECT_EQ(m.id.toString(), QStringLiteral("abc"));
}

TEST(McpJsonRpc, DecodesAnErrorWithCodeMessageAndNullId) {
    const JsonRpcMessage m = one(
        R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":1}})");
    EXPECT_EQ(m.kind, JsonRpcMessage::Kind::Error);
    EXPECT_EQ(m.errorCode, -32700);
    EXPECT_EQ(m.errorMessage, QStringLiteral("Parse error"));
    EXPECT_EQ(m.errorData.toInt(), 1);
}

TEST(McpJsonRpc, RefusesWhatIsNotJsonRpc2WithAReason) {
    EXPECT_TRUE(refusal("{").startsWith("not JSON"));
    EXPECT_TRUE(refusal(R"({"id":1,"method":"ping"})").contains("2.0"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"1.0","id":1,"method":"ping"})").contains("2.0"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"2.0","id":1,"method":""})").contains("method"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"2.0","id":1,"method":3})").contains("method"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"2.0","id":{},"method":"ping"})").contains("id"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"2.0","id":1,"method":"x","params":3})").contains("params"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"2.0","id":1})").contains("result"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1}})")
                    .contains("exactly one"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"2.0","id":null,"result":{}})").contains("id"));
    EXPECT_TRUE(refusal(R"({"jsonrpc":"2.0","id":1,"error":{"message":"x"}})").contains("code"));
    EXPECT_TRUE(refusal("[]").contains("batch"));
    EXPECT_FALSE(refusal("3").isEmpty());
}

TEST(McpJsonRpc, DecodesABatchAndNamesItsBadElement) {
    QList<JsonRpcMessage> messages;
    QString error;
    ASSERT_TRUE(decodeMessages(
        R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"n"}])", &messages,
        &error));
    ASSERT_EQ(messages.size(), 2);
    EXPECT_EQ(messages[1].kind, JsonRpcMessage::Kind::Notification);
    messages.clear();
    EXPECT_FALSE(decodeMessages(R"([{"jsonrpc":"2.0","method":"a"},7])", &messages, &error));
    EXPECT_EQ(error, QStringLiteral("batch element 1: not an object"));
}

TEST(McpJsonRpc, WhatIsEncodedDecodesBack) {
    EXPECT_EQ(one(encodeRequest(3, "tools/list", QJsonObject{{"cursor", "c"}})).params.toObject(),
              (QJsonObject{{"cursor", "c"}}));
    EXPECT_EQ(one(encodeNotification("notifications/initialized")).kind,
              JsonRpcMessage::Kind::Notification);
    EXPECT_EQ(one(encodeResult("x", QJsonObject{{"a", 1}})).result.toObject().value("a").toInt(),
              1);
    const JsonRpcMessage e = one(encodeError(QJsonValue(), kMethodNotFound, "no"));
    EXPECT_EQ(e.errorCode, -32601);
    EXPECT_TRUE(e.id.isNull());
}

TEST(McpJsonRpc, LineSplitterGivesWholeLinesHoweverTheBytesArrive) {
    LineSplitter lines;
    EXPECT_TRUE(lines.feed("{\"a\"").isEmpty());
    EXPECT_EQ(lines.feed(":1}\r\n\n{\"b\":2}\n{"), (QList<QByteArray>{"{\"a\":1}", "{\"b\":2}"}));
    EXPECT_EQ(lines.feed("}\n"), (QList<QByteArray>{"{}"}));
}

TEST(McpJsonRpc, LineSplitterRefusesALineOverItsLimit) {
    LineSplitter lines(8);
    EXPECT_TRUE(lines.feed("0123456789").isEmpty());
    EXPECT_TRUE(lines.failed());
    EXPECT_TRUE(lines.feed("\n{}\n").isEmpty());
}
