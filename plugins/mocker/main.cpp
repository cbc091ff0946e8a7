#include "MockAnswer.h"
#include "MockerPlugin.h"
#include "RequestText.h"

#include <QRandomGenerator>
#include <utility>

namespace gatehouse::mocker {

namespace {

bool found(const std::optional<QRegularExpression> &pattern, const QString &text) {
    return !pattern || pattern->match(text).hasMatch();
}

// A model pattern may be written for the bare name ("^gpt-4o") or for the
// name users type ("^openai/gpt-4o"): either form matching is enough.
bool modelMatches(const MockRule &rule, const PluginRequest &request) {
    return found(rule.model, request.model) ||
           found(rule.model, request.provider + QLatin1Char('/') + request.model);
}

bool applies(const MockRule &rule, const PluginRequest &request, const QString &userText) {
    if (rule.reply.text && !canAnswerWithText(request)) return false;
    return modelMatches(rule, request) && found(rule.provider, request.provider) &&
           found(rule.message, userText);
}

// QRandomGenerator::global() is thread-safe.
bool winsRoll(double probability) {
    return probability >= 1.0 || QRandomGenerator::global()->generateDouble() < probability;
}

PreHookResult answer(const MockReply &reply, const PluginRequest &request, const QString &rule) {
    if (reply.error) return PreHookResult::reject(*reply.error);
    PluginResponse response;
    response.body = mockAnswer(request, *reply.text);
    // Says which rule answered: the first question when a mock surprises.
    response.headers << qMakePair(QByteArrayLiteral("x-gatehouse-mock-rule"), rule.toUtf8());
    return PreHookResult::respond(std::move(response));
}

}  // namespace

bool MockerPlugin::init(const QJsonObject &config, PluginHost &host, QString *error) {
    Q_UNUSED(host);
    MockerConfig parsed;
    if (!parseMockerConfig(config, &parsed, error)) return false;
    config_ = std::move(parsed);
    return true;
}

PreHookResult MockerPlugin::preHook(PluginContext &ctx, PluginRequest &request) {
    Q_UNUSED(ctx);
    if (!config_.enabled) return PreHookResult::proceed();
    const QString userText = lastUserText(request);
    for (const MockRule &rule : std::as_const(config_.rules)) {
        // A rule that loses its roll lets the next rules try: the chance
        // applies to this rule only, not to mocking as a whole.
        if (applies(rule, request, userText) && winsRoll(rule.probability))
            return answer(rule.reply, request, rule.name);
    }
    if (config_.fallback && (config_.fallback->error || canAnswerWithText(request)))
        return answer(*config_.fallback, request, QStringLiteral("default"));
    return PreHookResult::proceed();
}

}  // namespace gatehouse::mocker
