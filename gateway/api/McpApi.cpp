#include "McpApi.h"

#include "ApiReply.h"
#include "McpJson.h"
#include "McpToolTrace.h"

#include "core/VirtualKeys.h"
#include "http/HttpExchange.h"
#include "mcp/McpHost.h"
#include "mcp/McpToolSelection.h"

#include <QJsonDocument>

namespace gatehouse {

namespace {

int statusFor(const QString &code) {
    if (code == QLatin1String("tool_not_found")) return 404;
    if (code == QLatin1String("tool_not_allowed")) return 403;
    if (code == QLatin1String("mcp_unavailable")) return 503;
    return 502;
}

}  // namespace

bool McpApi::handles(const QByteArray &path) {
    return path == "/v1/mcp/tool/execute" || path == "/api/mcp/clients" ||
           path == "/api/mcp/client" || path.startsWith("/api/mcp/client/") ||
           path.startsWith("/api/mcp/clients/");
}

void McpApi::handle(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &r = ex->request();
    QByteArray path = r.path;
    if (path.endsWith('/')) path.chop(1);
    if (!host_) {
        replyError(ex, 503, QStringLiteral("mcp_unavailable"),
                   QStringLiteral("This gateway runs without an MCP host"));
        return;
    }
    if (path == "/v1/mcp/tool/execute") {
        if (r.method != "POST") {
            replyError(ex, 405, QStringLiteral("method_not_allowed"),
                       QStringLiteral("Use POST on /v1/mcp/tool/execute"));
            return;
        }
        return execute(ex);
    }
    manage(ex, path);
}

void McpApi::execute(const std::shared_ptr<HttpExchange> &ex) {
    const HttpRequest &request = ex->request();
    QJsonObject body;
    if (!readJsonObjectBody(ex, &body)) return;
    const QJsonObject function = body.value(QStringLiteral("function")).toObject();
    const QString name = function.value(QStringLiteral("name")).toString();
    const QJsonValue arguments = function.value(QStringLiteral("arguments"));
    if (name.isEmpty()) {
        replyError(ex, 400, QStringLiteral("invalid_request"),
                   QStringLiteral("Send a tool call: {\"id\": \"call_1\", \"type\": \"function\", "
                                  "\"function\": {\"name\": \"<client>-<tool>\", \"arguments\": "
                                  "\"{...}\"}}"));
        return;
    }
    // OpenAI sends the arguments as a JSON text; an object is taken too.
    QJsonObject args;
    if (arguments.isString() && !arguments.toString().trimmed().isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(arguments.toString().toUtf8(), &error);
        if (!doc.isObject()) {
            replyError(ex, 400, QStringLiteral("invalid_request"),
                       QStringLiteral("function.arguments must be a JSON object in a string (%1)")
                           .arg(error.error != QJsonParseError::NoError
                                    ? error.errorString()
                                    : QStringLiteral("not an object")));
            return;
        }
        args = doc.object();
    } else if (arguments.isObject()) {
        args = arguments.toObject();
    } else if (!arguments.isUndefined() && !arguments.isNull() && !arguments.isString()) {
        replyError(ex, 400, QStringLiteral("invalid_request"),
                   QStringLiteral("function.arguments must be a JSON object in a string"));
        return;
    }
    // A virtual key with mcp_configs runs only the tools they name.
    if (const QByteArray vk = request.headers.value("x-bf-vk").trimmed(); !vk.isEmpty()) {
        McpToolSelection selection;
        if (const auto entry = virtualKeyEntry(*state_, vk))
            selection.keyTools = McpToolSelection::keyToolsOf(*entry);
        QString client, tool;
        if (McpHost::splitToolName(name, &client, &tool) && !selection.keyAllows(client, tool)) {
            replyError(ex, 403, QStringLiteral("tool_not_allowed"),
                       QStringLiteral("Tool '%1' is not allowed for this virtual key: its "
                                      "mcp_configs do not name it")
                           .arg(name));
            return;
        }
    }
    const QJsonValue callId = body.value(QStringLiteral("id"));
    auto trace = std::make_shared<McpToolTrace>(
        *state_, ex->request(), QStringLiteral("/v1/mcp/tool/execute"), name, ex->request().body);
    host_->callTool(
        name, args, worker_,
        [ex, callId, trace](McpToolResult r) {
            if (!r.ok) {
                replyError(ex, statusFor(r.errorCode), r.errorCode, r.error);
                trace->finish(r, statusFor(r.errorCode), r.error.toUtf8());
                return;
            }
            QJsonObject message{
                {QStringLiteral("role"), QStringLiteral("tool")},
                {QStringLiteral("content"), r.text()},
                {QStringLiteral("tool_call_id"), callId.isString() ? callId : QJsonValue()}};
            replyJson(ex, 200, message);
            trace->finish(r, 200, QJsonDocument(message).toJson(QJsonDocument::Compact));
        },
        trace->id());
}

}  // namespace gatehouse
