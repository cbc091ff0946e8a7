// The governance config, parsed and checked once in init(); read-only
// after, so the hooks share it without locks.
#pragma once

#include <gatehouse/host_services.h>

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QStringList>
#include <optional>

namespace gatehouse::governance {

struct Budget {
    std::optional<qint64> maxTokens;
    std::optional<double> maxUsd;
    // With maxUsd: a flat price for every token (older configs). Absent:
    // each answer at its model's price, per token kind, from the gateway.
    std::optional<double> pricePer1kTokens;
    CounterPeriod period;  // reset_duration; Forever when absent
};

struct VirtualKey {
    QString hash;               // the key's SHA-256, hex: what the config may hold
    QString name;               // in messages: never the key itself
    QStringList allowedModels;  // as written, for the 403 message; empty: all
    QList<QRegularExpression> allowedPatterns;
    qint64 requestsPerMinute = 0;  // 0: unlimited
    qint64 tokensPerMinute = 0;    // 0: unlimited
    std::optional<Budget> budget;

    bool allowsModel(const QString &provider, const QString &model) const;
};

struct GovernanceConfig {
    bool required = false;
    QList<VirtualKey> keys;
};

// SHA-256 of a key as 64 lowercase hex digits: how keys are looked up.
QString keyHash(const QString &key);

// False with *error naming the offending field (e.g.
// "virtual_keys[1].budget.max_usd: ...").
bool parseGovernanceConfig(const QJsonObject &json, GovernanceConfig *config, QString *error);

}  // namespace gatehouse::governance
