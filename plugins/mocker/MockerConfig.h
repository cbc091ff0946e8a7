// The mocker's config, parsed and checked once in init(); read-only after,
// so the hooks share it between threads without locks.
#pragma once

#include <gatehouse/plugin.h>

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <optional>

namespace gatehouse::mocker {

// A rule's answer: an assistant text, or an error.
struct MockReply {
    std::optional<QString> text;
    std::optional<PluginError> error;
};

struct MockRule {
    QString name;
    // Unset: matches anything. Compiled in init(), so matching never fails.
    std::optional<QRegularExpression> model;
    std::optional<QRegularExpression> provider;
    std::optional<QRegularExpression> message;
    double probability = 1.0;
    MockReply reply;
};

struct MockerConfig {
    bool enabled = true;
    QList<MockRule> rules;
    std::optional<MockReply> fallback;  // "default"
};

// False with *error naming the offending field (e.g. "rules[1].match.model: ...").
bool parseMockerConfig(const QJsonObject &json, MockerConfig *config, QString *error);

}  // namespace gatehouse::mocker
