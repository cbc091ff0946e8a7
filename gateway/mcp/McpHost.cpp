#include "McpHost.h"

#include "McpClient.h"
#include "StdioTransport.h"

#include <QPointer>
#include <QProcess>
#include <QUuid>
#include <algorithm>

namespace gatehouse {

namespace {
// Runs `f` on `context`'s thread, unless `context` is gone.
void answerOn(QObject *context, std::function<void()> f) {
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        context,
        [guard, f = std::move(f)] {
            if (guard) f();
        },
        Qt::QueuedConnection);
}
}  // namespace

McpHost::McpHost() {
    thread_.setObjectName(QStringLiteral("mcp"));
}

McpHost::~McpHost() {
    stop();
}

void McpHost::start(const McpConfig &config) {
    if (running_) return;
    running_ = true;
    home_ = new QObject;
    home_->moveToThread(&thread_);
    thread_.start();
    expect(config);
    const McpConfig copy = config;
    post([this, copy] {
        for (const McpClientConfig &c : copy.clients) addClient(c);
    });
}

void McpHost::stop() {
    if (!running_) return;
    running_ = false;
    QMetaObject::invokeMethod(
        home_,
        [this] {
            for (McpClient *c : std::as_const(clients_)) c->shutdown();
            qDeleteAll(clients_);
            clients_.clear();
            // Children of servers disabled a moment ago may still be ending.
            for (QProcess *p : home_->findChildren<QProcess *>(Qt::FindDirectChildrenOnly))
                StdioTransport::endNow(p);
        },
        Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    delete home_;
    home_ = nullptr;
}

void McpHost::post(std::function<void()> f) {
    if (home_) QMetaObject::invokeMethod(home_, std::move(f), Qt::QueuedConnection);
}

void McpHost::addClient(const McpClientConfig &config) {
    auto *client = new McpClient(config, home_, home_);
    clients_.append(client);
    QObject::connect(client, &McpClient::changed, home_, [this, client] { publish(client); });
    publish(client);
}

void McpHost::publish(McpClient *client) {
    QMutexLocker lock(&mutex_);
    const QString name = client->config().name;
    // A client on its way out (removed a moment ago) is not listed again.
    if (!order_.contains(name)) return;
    status_.insert(name, client->status());
}

void McpHost::expect(const McpConfig &config) {
    // At once, on the caller's thread: whoever changed the config (the API,
    // the panel) lists the clients as they now are, before the MCP thread
    // has started or ended anything.
    QMutexLocker lock(&mutex_);
    QHash<QString, McpClientStatus> next;
    order_.clear();
    for (const McpClientConfig &c : config.clients) {
        order_.append(c.name);
        McpClientStatus s = status_.value(c.name);
        const bool isNew = !status_.contains(c.name);
        const bool reconnects =
            !isNew && s.config.enabled && c.enabled && McpClient::needsReconnect(s.config, c);
        s.config = c;
        if (!c.enabled) {
            s.state = McpClientStatus::State::Disabled;
            s.tools.clear();
            s.pid = 0;
        } else if (isNew || reconnects || s.state == McpClientStatus::State::Disabled) {
            s.state = McpClientStatus::State::Connecting;
            s.tools.clear();
        }
        next.insert(c.name, s);
    }
    status_ = next;
}

McpClient *McpHost::find(const QString &name) const {
    for (McpClient *c : clients_)
        if (c->config().name == name) return c;
    return nullptr;
}

void McpHost::applyConfig(const McpConfig &config) {
    if (!running_) return;
    expect(config);
    const McpConfig copy = config;
    post([this, copy] {
        QStringList names;
        for (const McpClientConfig &c : copy.clients) {
            names << c.name;
            if (McpClient *existing = find(c.name)) {
                if (existing->config() != c) existing->setConfig(c);
            } else {
                addClient(c);
            }
        }
        for (McpClient *c : QList<McpClient *>(clients_)) {
            if (names.contains(c->config().name)) continue;
            clients_.removeOne(c);
            c->disconnect(home_);
            delete c;  // its child is ended in the background
        }
    });
}

QList<McpClientStatus> McpHost::statuses() const {
    QMutexLocker lock(&mutex_);
    QList<McpClientStatus> out;
    for (const QString &name : order_)
        if (status_.contains(name)) out.append(status_.value(name));
    return out;
}

bool McpHost::hasClient(const QString &name) const {
    QMutexLocker lock(&mutex_);
    return status_.contains(name);
}

QList<McpOfferedTool> McpHost::offeredTools() const {
    QList<McpOfferedTool> out;
    for (const McpClientStatus &s : statuses()) {
        if (s.state != McpClientStatus::State::Connected) continue;
        for (const McpTool &t : s.tools)
            if (s.config.allowsTool(t.name))
                out.append({s.config.name + QLatin1Char('-') + t.name, s.config.name, t});
    }
    std::sort(out.begin(), out.end(),
              [](const McpOfferedTool &a, const McpOfferedTool &b) { return a.name < b.name; });
    return out;
}

QByteArray McpHost::prometheusText() const {
    const QList<McpClientStatus> all = statuses();
    if (all.isEmpty()) return {};
    QByteArray up, tools, calls;
    for (const McpClientStatus &s : all) {
        // Client names are letters, digits and _: safe in a label as they are.
        const QByteArray label = "{client=\"" + s.config.name.toUtf8() + '"';
        const bool connected = s.state == McpClientStatus::State::Connected;
        up += "gatehouse_mcp_client_up" + label + "} " + (connected ? "1" : "0") + '\n';
        int offered = 0;
        for (const McpTool &t : s.tools) offered += s.config.allowsTool(t.name) ? 1 : 0;
        tools += "gatehouse_mcp_tools" + label + "} " + QByteArray::number(offered) + '\n';
        calls += "gatehouse_mcp_tool_calls_total" + label + ",outcome=\"ok\"} " +
                 QByteArray::number(s.toolCalls - s.toolErrors) + '\n';
        calls += "gatehouse_mcp_tool_calls_total" + label + ",outcome=\"error\"} " +
                 QByteArray::number(s.toolErrors) + '\n';
    }
    return "# HELP gatehouse_mcp_client_up Whether the MCP client is connected.\n"
           "# TYPE gatehouse_mcp_client_up gauge\n" +
           up +
           "# HELP gatehouse_mcp_tools Tools the MCP client offers.\n"
           "# TYPE gatehouse_mcp_tools gauge\n" +
           tools +
           "# HELP gatehouse_mcp_tool_calls_total MCP tool calls, by outcome (error: no answer "
           "or the tool failed).\n"
           "# TYPE gatehouse_mcp_tool_calls_total counter\n" +
           calls;
}

bool McpHost::splitToolName(const QString &name, QString *client, QString *tool) {
    // Client names hold no hyphen, so the first one separates.
    const qsizetype dash = name.indexOf(QLatin1Char('-'));
    if (dash <= 0 || dash == name.size() - 1) return false;
    *client = name.left(dash);
    *tool = name.mid(dash + 1);
    return true;
}

void McpHost::callTool(const QString &name, const QJsonObject &arguments, QObject *context,
                       ToolCallback done, const QString &requestId) {
    auto fail = [&](const QString &code, const QString &why) {
        McpToolResult r;
        r.errorCode = code;
        r.error = why;
        answerOn(context, [done, r] { done(r); });
    };
    QString client, tool;
    if (!splitToolName(name, &client, &tool) || !hasClient(client))
        return fail(QStringLiteral("tool_not_found"),
                    QStringLiteral("no MCP tool \"%1\": tools are named <client>-<tool>, and "
                                   "GET /api/mcp/clients lists them")
                        .arg(name));
    if (!running_)
        return fail(QStringLiteral("mcp_unavailable"), QStringLiteral("the gateway is stopping"));
    QPointer<QObject> ctx(context);
    post([this, name, client, tool, arguments, ctx, done, requestId] {
        McpClient *c = find(client);
        auto reply = [this, ctx, done, client, tool, requestId](McpToolResult r) {
            if (observer_) observer_(client, tool, requestId, r);
            if (ctx) answerOn(ctx, [done, r] { done(r); });
        };
        if (!c) {
            McpToolResult r;
            r.errorCode = QStringLiteral("tool_not_found");
            r.error = QStringLiteral("no MCP client \"%1\"").arg(client);
            return reply(r);
        }
        const McpClientStatus &s = c->status();
        const bool listed = std::any_of(s.tools.cbegin(), s.tools.cend(),
                                        [&](const McpTool &t) { return t.name == tool; });
        if (s.state == McpClientStatus::State::Connected && !listed) {
            McpToolResult r;
            r.errorCode = QStringLiteral("tool_not_found");
            r.error = QStringLiteral("the MCP server \"%1\" has no tool \"%2\"").arg(client, tool);
            return reply(r);
        }
        if (!s.config.allowsTool(tool)) {
            McpToolResult r;
            r.errorCode = QStringLiteral("tool_not_allowed");
            r.error = QStringLiteral(
                          "Tool '%1' is not allowed: it is not in the tools_to_execute "
                          "of MCP client \"%2\" (or it is in its tools_to_skip)")
                          .arg(name, client);
            return reply(r);
        }
        c->callTool(tool, arguments, reply);
    });
}

void McpHost::setEnabled(const QString &client, bool enabled, QObject *context, Done done) {
    QPointer<QObject> ctx(context);
    post([this, client, enabled, ctx, done] {
        McpClient *c = find(client);
        if (c) c->setEnabled(enabled);
        const QString error = c ? QString() : QStringLiteral("no MCP client \"%1\"").arg(client);
        if (ctx) answerOn(ctx, [done, error] { done(error); });
    });
}

void McpHost::restart(const QString &client, QObject *context, Done done) {
    QPointer<QObject> ctx(context);
    post([this, client, ctx, done] {
        McpClient *c = find(client);
        if (c) c->restart();
        const QString error = c ? QString() : QStringLiteral("no MCP client \"%1\"").arg(client);
        if (ctx) answerOn(ctx, [done, error] { done(error); });
    });
}

QString McpHost::newSession() {
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QMutexLocker lock(&mutex_);
    sessions_.insert(id);
    return id;
}

bool McpHost::hasSession(const QString &id) const {
    QMutexLocker lock(&mutex_);
    return sessions_.contains(id);
}

bool McpHost::endSession(const QString &id) {
    QMutexLocker lock(&mutex_);
    return sessions_.remove(id);
}

}  // namespace gatehouse
