#include "McpAgentLoop.h"

#include "config/McpConfig.h"
#include "trace/RequestTrace.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <memory>

namespace gatehouse {

namespace {

const QString kChoices = QStringLiteral("choices");
const QString kMessage = QStringLiteral("message");
const QString kToolCalls = QStringLiteral("tool_calls");
const QString kFunction = QStringLiteral("function");
const QString kName = QStringLiteral("name");
const QString kContent = QStringLiteral("content");
const QString kUsage = QStringLiteral("usage");

QString toolName(const QJsonValue &call) {
    return call.toObject().value(kFunction).toObject().value(kName).toString();
}

// Numbers added field by field, nested objects too (prompt_tokens_details).
QJsonObject addUsage(QJsonObject sum, const QJsonObject &more) {
    for (auto it = more.begin(); it != more.end(); ++it) {
        if (it.value().isDouble())
            sum.insert(it.key(), sum.value(it.key()).toDouble() + it.value().toDouble());
        else if (it.value().isObject())
            sum.insert(it.key(), addUsage(sum.value(it.key()).toObject(), it.value().toObject()));
    }
    return sum;
}

// A tool call's arguments: OpenAI sends a JSON object as text.
bool argumentsOf(const QJsonObject &call, QJsonObject *out, QString *why) {
    const QJsonValue args = call.value(kFunction).toObject().value(QStringLiteral("arguments"));
    if (args.isObject()) {
        *out = args.toObject();
        return true;
    }
    const QString text = args.toString().trimmed();
    if (text.isEmpty()) return true;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (doc.isObject()) {
        *out = doc.object();
        return true;
    }
    *why = QStringLiteral("the arguments are not a JSON object (%1)")
               .arg(error.error != QJsonParseError::NoError ? error.errorString()
                                                            : QStringLiteral("not an object"));
    return false;
}

QJsonObject toolMessage(const QJsonObject &call, const QString &content) {
    return {{QStringLiteral("role"), QStringLiteral("tool")},
            {QStringLiteral("tool_call_id"), call.value(QStringLiteral("id"))},
            {kContent, content}};
}

// What the calls of one round leave behind until the last one answers.
struct Round {
    QJsonArray messages;
    QList<TraceSpan> spans;
    int waiting = 0;
    McpAgentLoop::Ran done;
};

}  // namespace

McpAgentLoop::McpAgentLoop(McpHost *host, const McpConfig &config,
                           const QList<McpOfferedTool> &offered, QString requestId)
    : host_(host), requestId_(std::move(requestId)), maxRounds_(config.maxAgentDepth) {
    for (const McpOfferedTool &t : offered)
        if (const McpClientConfig *c = config.client(t.client); c && c->autoExecutes(t.tool.name))
            autoTools_.insert(t.name);
}

std::optional<McpAgentLoop::Step> McpAgentLoop::nextStep(const QJsonObject &answer) const {
    if (!active() || rounds_ >= maxRounds_) return std::nullopt;
    const QJsonObject message =
        answer.value(kChoices).toArray().first().toObject().value(kMessage).toObject();
    Step step;
    for (const QJsonValue &call : message.value(kToolCalls).toArray())
        (autoTools_.contains(toolName(call)) ? step.autoCalls : step.pendingCalls).append(call);
    if (step.autoCalls.isEmpty()) return std::nullopt;
    step.assistant = message;
    step.assistant.insert(kToolCalls, step.autoCalls);
    if (!step.assistant.contains(kContent)) step.assistant.insert(kContent, QJsonValue::Null);
    return step;
}

void McpAgentLoop::run(const Step &step, const QJsonObject &usage, qint64 startUs, QObject *context,
                       Ran done) {
    ++rounds_;
    usage_ = addUsage(usage_, usage);
    auto round = std::make_shared<Round>();
    round->waiting = int(step.autoCalls.size());
    round->done = std::move(done);
    if (round->waiting == 0) return round->done({}, {});
    for (qsizetype i = 0; i < step.autoCalls.size(); ++i) {
        round->messages.append(QJsonValue());
        TraceSpan span;
        span.kind = TraceSpan::Kind::Tool;
        span.name = toolName(step.autoCalls[i]);
        span.startUs = startUs;
        round->spans.append(span);
    }
    for (qsizetype i = 0; i < step.autoCalls.size(); ++i) {
        const QJsonObject call = step.autoCalls[i].toObject();
        auto clock = std::make_shared<QElapsedTimer>();
        clock->start();
        auto answered = [round, i, call, clock](const QString &content, const QString &outcome,
                                                const QString &note) {
            round->messages[i] = toolMessage(call, content);
            TraceSpan &span = round->spans[i];
            span.durationUs = clock->nsecsElapsed() / 1000;
            span.outcome = outcome;
            span.message = note;
            if (--round->waiting == 0) round->done(round->messages, round->spans);
        };
        QJsonObject arguments;
        QString why;
        if (!argumentsOf(call, &arguments, &why)) {
            // The model sees what went wrong and may try again.
            answered(QStringLiteral("Error: ") + why, QStringLiteral("error"), why);
            continue;
        }
        host_->callTool(
            toolName(call), arguments, context,
            [answered](McpToolResult r) {
                if (!r.ok)
                    return answered(QStringLiteral("Error: ") + r.error, QStringLiteral("error"),
                                    r.error);
                const QString text = r.text();
                answered(
                    text, r.isError() ? QStringLiteral("tool_error") : QStringLiteral("ok"),
                    QStringLiteral("agent mode: %1 bytes of result").arg(text.toUtf8().size()));
            },
            requestId_);
    }
}

void McpAgentLoop::extend(QJsonObject *body, const Step &step, const QJsonArray &toolMessages) {
    QJsonArray messages = body->value(QStringLiteral("messages")).toArray();
    messages.append(step.assistant);
    for (const QJsonValue &m : toolMessages) messages.append(m);
    body->insert(QStringLiteral("messages"), messages);
}

QJsonObject McpAgentLoop::pendingAnswer(QJsonObject answer, const Step &step,
                                        const QJsonArray &toolMessages) {
    QJsonObject results;
    for (qsizetype i = 0; i < step.autoCalls.size(); ++i)
        results.insert(toolName(step.autoCalls[i]),
                       toolMessages[i].toObject().value(kContent).toString());
    QJsonArray choices = answer.value(kChoices).toArray();
    QJsonObject choice = choices.first().toObject();
    QJsonObject message = choice.value(kMessage).toObject();
    QString text = message.value(kContent).toString();
    if (!text.isEmpty()) text += QStringLiteral("\n\n");
    text += QStringLiteral("The gateway ran these tools; their results: ") +
            QString::fromUtf8(QJsonDocument(results).toJson(QJsonDocument::Compact)) +
            QStringLiteral("\n\nThe tool calls left need your approval.");
    message.insert(kContent, text);
    message.insert(kToolCalls, step.pendingCalls);
    choice.insert(kMessage, message);
    choice.insert(QStringLiteral("finish_reason"), QStringLiteral("stop"));
    choices.replace(0, choice);
    answer.insert(kChoices, choices);
    return answer;
}

QJsonObject McpAgentLoop::withTotalUsage(QJsonObject answer) const {
    if (usage_.isEmpty()) return answer;
    answer.insert(kUsage, addUsage(usage_, answer.value(kUsage).toObject()));
    return answer;
}

void McpAgentLoop::reset() {
    rounds_ = 0;
    usage_ = QJsonObject();
}

}  // namespace gatehouse
