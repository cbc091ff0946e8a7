#include "McpClient.h"

#include "HttpTransport.h"
#include "StdioTransport.h"

#include <QDateTime>
#include <QJsonArray>

namespace gatehouse {

using mcp::JsonRpcMessage;

namespace {
constexpr int kPingIntervalMs = 30000;
constexpr int kPingTimeoutMs = 10000;
constexpr int kMaxBackoffMs = 60000;
constexpr int kMaxToolPages = 100;

QString rpcError(const JsonRpcMessage &m) {
    return QStringLiteral("%1 (JSON-RPC error %2)").arg(m.errorMessage).arg(m.errorCode);
}
}  // namespace

const QStringList &McpClient::protocolVersions() {
    static const QStringList versions{QStringLiteral("2025-06-18"), QStringLiteral("2025-11-25"),
                                      QStringLiteral("2025-03-26"), QStringLiteral("2024-11-05")};
    return versions;
}

McpClient::McpClient(McpClientConfig config, QObject *keeper, QObject *parent)
    : QObject(parent), keeper_(keeper) {
    status_.config = std::move(config);
    reconnectTimer_.setSingleShot(true);
    connect(&reconnectTimer_, &QTimer::timeout, this, &McpClient::connectNow);
    pingTimer_.setInterval(kPingIntervalMs);
    connect(&pingTimer_, &QTimer::timeout, this, [this] {
        request(
            QStringLiteral("ping"), QJsonObject(), kPingTimeoutMs, nullptr,
            [this](const QString &why) { failConnection(QStringLiteral("ping failed: ") + why); });
    });
    if (status_.config.enabled) QTimer::singleShot(0, this, &McpClient::connectNow);
}

McpClient::~McpClient() {
    teardown();
}

void McpClient::setState(McpClientStatus::State state) {
    status_.state = state;
    if (state != McpClientStatus::State::Error) status_.retryInMs = 0;
    emit changed();
}

bool McpClient::needsReconnect(const McpClientConfig &before, const McpClientConfig &after) {
    McpClientConfig a = before;
    a.toolsToExecute = after.toolsToExecute;
    a.toolsToSkip = after.toolsToSkip;
    a.enabled = after.enabled;
    return a != after;
}

void McpClient::setConfig(const McpClientConfig &config) {
    const McpClientConfig old = status_.config;
    status_.config = config;
    if (needsReconnect(old, config)) {
        restart();
        return;
    }
    if (old.enabled != config.enabled) {
        setEnabled(config.enabled);
        return;
    }
    emit changed();
}

void McpClient::setEnabled(bool enabled) {
    status_.config.enabled = enabled;
    if (!enabled) {
        teardown();
        reconnectTimer_.stop();
        status_.reconnectAttempt = 0;
        status_.tools.clear();
        setState(McpClientStatus::State::Disabled);
        return;
    }
    if (status_.state == McpClientStatus::State::Disabled) connectNow();
}

void McpClient::restart() {
    teardown();
    reconnectTimer_.stop();
    status_.reconnectAttempt = 0;
    if (!status_.config.enabled) {
        setState(McpClientStatus::State::Disabled);
        return;
    }
    connectNow();
}

void McpClient::shutdown() {
    reconnectTimer_.stop();
    teardown(true);
}

void McpClient::teardown(bool wait) {
    pingTimer_.stop();
    ++generation_;
    failAllPending(QStringLiteral("the MCP client \"%1\" was stopped").arg(status_.config.name));
    if (!transport_) return;
    McpTransport *t = transport_;
    transport_ = nullptr;
    t->disconnect(this);
    status_.stderrTail = t->stderrTail();
    if (wait)
        t->closeAndWait();
    else
        t->close();
    status_.pid = 0;
    t->deleteLater();
}

void McpClient::failAllPending(const QString &why) {
    const auto pending = std::exchange(pending_, {});
    for (const Pending &p : pending) {
        delete p.timer;
        if (p.onFailure) p.onFailure(why);
    }
}

void McpClient::connectNow() {
    teardown();
    if (!status_.config.enabled) return;
    setState(status_.reconnectAttempt > 0 ? McpClientStatus::State::Reconnecting
                                          : McpClientStatus::State::Connecting);
    if (status_.config.connection == McpClientConfig::Connection::Stdio)
        transport_ = new StdioTransport(status_.config, keeper_, this);
    else
        transport_ = new HttpTransport(status_.config, this);
    connect(transport_, &McpTransport::opened, this, [this] {
        status_.pid = transport_ ? transport_->processId() : 0;
        initialize();
    });
    connect(transport_, &McpTransport::received, this, &McpClient::onReceived);
    connect(transport_, &McpTransport::failed, this, &McpClient::failConnection);
    // The panel's log of the server shows what it writes as it runs.
    connect(transport_, &McpTransport::stderrGrew, this, [this] {
        if (!transport_) return;
        status_.stderrTail = transport_->stderrTail();
        emit changed();
    });
    transport_->open();
}

void McpClient::failConnection(const QString &why) {
    if (transport_) status_.stderrTail = transport_->stderrTail();
    teardown();
    status_.lastError = why;
    status_.tools.clear();
    const int backoff = qMin(kMaxBackoffMs, 1000 << qMin(status_.reconnectAttempt, 6));
    ++status_.reconnectAttempt;
    status_.retryInMs = backoff;
    status_.state = McpClientStatus::State::Error;
    emit changed();
    reconnectTimer_.start(backoff);
}

void McpClient::request(const QString &method, const QJsonValue &params, int timeoutMs,
                        std::function<void(const JsonRpcMessage &)> onAnswer,
                        std::function<void(const QString &)> onFailure) {
    if (!transport_) {
        if (onFailure)
            onFailure(
                QStringLiteral("the MCP client \"%1\" is not connected").arg(status_.config.name));
        return;
    }
    const qint64 id = nextId_++;
    Pending p{method, std::move(onAnswer), std::move(onFailure), new QTimer(this)};
    p.timer->setSingleShot(true);
    connect(p.timer, &QTimer::timeout, this, [this, id, timeoutMs] {
        auto it = pending_.find(id);
        if (it == pending_.end()) return;
        Pending expired = std::move(*it);
        pending_.erase(it);
        expired.timer->deleteLater();
        // Tell the server to stop working on it.
        if (transport_)
            transport_->send(mcp::encodeNotification(
                QStringLiteral("notifications/cancelled"),
                QJsonObject{{QStringLiteral("requestId"), id},
                            {QStringLiteral("reason"), QStringLiteral("timed out")}}));
        if (expired.onFailure)
            expired.onFailure(QStringLiteral("%1 got no answer within %2 s")
                                  .arg(expired.method)
                                  .arg(timeoutMs / 1000.0));
    });
    p.timer->start(timeoutMs);
    pending_.insert(id, std::move(p));
    transport_->send(mcp::encodeRequest(id, method, params));
}

void McpClient::onReceived(const QByteArray &json) {
    QList<JsonRpcMessage> messages;
    QString error;
    const bool ok = mcp::decodeMessages(json, &messages, &error);
    const quint64 generation = generation_;
    for (const JsonRpcMessage &m : messages) {
        onMessage(m);
        if (generation != generation_) return;  // the connection ended meanwhile
    }
    if (!ok)
        qWarning("gatehouse: MCP client \"%s\": ignored a message that is %s",
                 qPrintable(status_.config.name), qPrintable(error));
}

void McpClient::onMessage(const JsonRpcMessage &m) {
    if (m.isResponse()) {
        auto it = pending_.find(m.id.toInteger(-1));
        if (!m.id.isDouble() || it == pending_.end()) return;  // late or not ours
        Pending p = std::move(*it);
        pending_.erase(it);
        delete p.timer;
        if (m.kind == JsonRpcMessage::Kind::Error) {
            if (p.onFailure) p.onFailure(rpcError(m));
        } else if (p.onAnswer) {
            p.onAnswer(m);
        }
        return;
    }
    if (m.kind == JsonRpcMessage::Kind::Request) {
        // A server asks little of a client that offers no capabilities.
        if (!transport_) return;
        if (m.method == QLatin1String("ping"))
            transport_->send(mcp::encodeResult(m.id, QJsonObject()));
        else
            transport_->send(
                mcp::encodeError(m.id, mcp::kMethodNotFound,
                                 QStringLiteral("Gatehouse does not offer %1").arg(m.method)));
        return;
    }
    if (m.method == QLatin1String("notifications/tools/list_changed") &&
        status_.state == McpClientStatus::State::Connected) {
        if (listing_)
            listAgain_ = true;
        else
            listTools({}, {});
    }
}

void McpClient::initialize() {
    const QJsonObject params{
        {QStringLiteral("protocolVersion"), protocolVersions().first()},
        {QStringLiteral("capabilities"), QJsonObject()},
        {QStringLiteral("clientInfo"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("gatehouse")},
                     {QStringLiteral("version"), QStringLiteral(GATEHOUSE_VERSION)}}}};
    request(
        QStringLiteral("initialize"), params, status_.config.handshakeTimeoutMs,
        [this](const JsonRpcMessage &m) {
            const QJsonObject r = m.result.toObject();
            const QString version = r.value(QLatin1String("protocolVersion")).toString();
            if (!protocolVersions().contains(version)) {
                failConnection(QStringLiteral("protocol version refused: the server speaks "
                                              "\"%1\"; Gatehouse speaks %2")
                                   .arg(version, protocolVersions().join(QStringLiteral(", "))));
                return;
            }
            status_.protocolVersion = version;
            const QJsonObject info = r.value(QLatin1String("serverInfo")).toObject();
            status_.serverName = info.value(QLatin1String("name")).toString();
            status_.serverVersion = info.value(QLatin1String("version")).toString();
            status_.instructions = r.value(QLatin1String("instructions")).toString();
            transport_->setProtocolVersion(version);
            transport_->send(mcp::encodeNotification(QStringLiteral("notifications/initialized")));
            transport_->listen();
            const bool hasTools =
                r.value(QLatin1String("capabilities")).toObject().contains(QLatin1String("tools"));
            if (hasTools)
                listTools({}, {});
            else
                setState(McpClientStatus::State::Connected);
        },
        [this, generation = generation_](const QString &why) {
            // Torn down meanwhile (a restart, a disable, or the transport's
            // own failure, which records its reason itself): not this
            // handshake's failure to report.
            if (generation != generation_) return;
            if (why.contains(QLatin1String("got no answer")))
                failConnection(QStringLiteral("handshake timed out: the server did not answer "
                                              "initialize within %1 s")
                                   .arg(status_.config.handshakeTimeoutMs / 1000.0));
            else
                failConnection(QStringLiteral("initialize refused: ") + why);
        });
}

void McpClient::listTools(const QString &cursor, QList<McpTool> soFar, int page) {
    listing_ = true;
    listAgain_ = false;
    QJsonObject params;
    if (!cursor.isEmpty()) params.insert(QStringLiteral("cursor"), cursor);
    request(
        QStringLiteral("tools/list"), params, status_.config.handshakeTimeoutMs,
        [this, soFar, page](const JsonRpcMessage &m) mutable {
            const QJsonObject r = m.result.toObject();
            for (const QJsonValue &v : r.value(QLatin1String("tools")).toArray()) {
                const QJsonObject t = v.toObject();
                McpTool tool;
                tool.name = t.value(QLatin1String("name")).toString();
                if (tool.name.isEmpty()) continue;
                tool.title = t.value(QLatin1String("title")).toString();
                tool.description = t.value(QLatin1String("description")).toString();
                tool.inputSchema = t.value(QLatin1String("inputSchema")).toObject();
                tool.outputSchema = t.value(QLatin1String("outputSchema")).toObject();
                tool.annotations = t.value(QLatin1String("annotations")).toObject();
                tool.raw = t;
                soFar.append(tool);
            }
            const QString next = r.value(QLatin1String("nextCursor")).toString();
            if (!next.isEmpty() && page + 1 < kMaxToolPages) {
                listTools(next, soFar, page + 1);
                return;
            }
            listing_ = false;
            status_.tools = soFar;
            status_.reconnectAttempt = 0;
            if (!pingTimer_.isActive()) pingTimer_.start();
            setState(McpClientStatus::State::Connected);
            if (listAgain_) listTools({}, {});
        },
        [this, generation = generation_](const QString &why) {
            listing_ = false;
            if (generation != generation_) return;  // torn down meanwhile, as above
            failConnection(QStringLiteral("tools/list failed: ") + why);
        });
}

void McpClient::callTool(const QString &tool, const QJsonObject &arguments, ToolCallback done) {
    ++status_.toolCalls;
    if (status_.state != McpClientStatus::State::Connected) {
        ++status_.toolErrors;
        McpToolResult r;
        r.errorCode = QStringLiteral("mcp_unavailable");
        r.error = QStringLiteral("the MCP client \"%1\" is %2%3")
                      .arg(status_.config.name, mcpStateName(status_.state),
                           status_.lastError.isEmpty() ? QString()
                                                       : QStringLiteral(": ") + status_.lastError);
        emit changed();
        done(r);
        return;
    }
    const qint64 started = QDateTime::currentMSecsSinceEpoch();
    auto finish = [this, started, done](McpToolResult r) {
        r.durationMs = QDateTime::currentMSecsSinceEpoch() - started;
        if (r.isError()) ++status_.toolErrors;
        emit changed();
        done(r);
    };
    request(
        QStringLiteral("tools/call"),
        QJsonObject{{QStringLiteral("name"), tool}, {QStringLiteral("arguments"), arguments}},
        status_.config.toolTimeoutMs,
        [finish](const JsonRpcMessage &m) {
            McpToolResult r;
            r.ok = true;
            r.result = m.result.toObject();
            finish(r);
        },
        [finish](const QString &why) {
            McpToolResult r;
            r.errorCode = QStringLiteral("tool_execution_error");
            r.error = why;
            finish(r);
        });
}

}  // namespace gatehouse
