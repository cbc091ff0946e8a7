#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace gatehouse::mcp {

// MCP's messages: JSON-RPC 2.0 requests, notifications and responses.
// Decoding never trusts its input (it reads what servers and clients send):
// anything that is not one well-formed message is refused with a sentence
// that says what was wrong.
struct JsonRpcMessage {
    enum class Kind { Request, Notification, Result, Error };
    Kind kind = Kind::Notification;
    // A request's or response's id: a number or a string, kept as sent.
    QJsonValue id;
    QString method;     // requests and notifications
    QJsonValue params;  // requests and notifications; undefined when absent
    QJsonValue result;  // Result
    int errorCode = 0;  // Error
    QString errorMessage;
    QJsonValue errorData;

    bool isResponse() const { return kind == Kind::Result || kind == Kind::Error; }
};

// JSON-RPC's own error codes.
enum JsonRpcErrorCode {
    kParseError = -32700,
    kInvalidRequest = -32600,
    kMethodNotFound = -32601,
    kInvalidParams = -32602,
    kInternalError = -32603,
};

// One message from a JSON object. False (and `error` says why) when it is
// not a JSON-RPC 2.0 message.
bool decodeMessage(const QJsonObject &object, JsonRpcMessage *out, QString *error);
// One body or line: a message, or a batch (an array of messages; MCP
// 2025-03-26 allowed them). Messages are appended to `out`; on error the
// ones before it are kept and `error` names the element.
bool decodeMessages(const QByteArray &json, QList<JsonRpcMessage> *out, QString *error);

QByteArray encodeRequest(const QJsonValue &id, const QString &method,
                         const QJsonValue &params = QJsonValue::Undefined);
QByteArray encodeNotification(const QString &method,
                              const QJsonValue &params = QJsonValue::Undefined);
QByteArray encodeResult(const QJsonValue &id, const QJsonValue &result);
QByteArray encodeError(const QJsonValue &id, int code, const QString &message);

// Splits a byte stream into newline-delimited messages (MCP's stdio
// framing). A line longer than `maxLineBytes` is an error: a server that
// never sends a newline must not grow memory without bound.
class LineSplitter {
public:
    explicit LineSplitter(qsizetype maxLineBytes = 64 * 1024 * 1024) : max_(maxLineBytes) {}
    // The complete lines the bytes finish (without their \n or \r\n; blank
    // lines skipped). After a failure it returns nothing.
    QList<QByteArray> feed(const QByteArray &bytes);
    bool failed() const { return failed_; }

private:
    qsizetype max_;
    QByteArray buffer_;
    bool failed_ = false;
};

}  // namespace gatehouse::mcp
