#include "config/ModelAliases.h"

namespace gatehouse {

bool globMatches(QStringView pattern, QStringView text) {
    // Iterative with one backtrack point (the last "*"): linear for the
    // patterns people write, never exponential.
    qsizetype p = 0, t = 0, starP = -1, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == QLatin1Char('*')) {
            starP = p++;
            starT = t;
        } else if (p < pattern.size() && (pattern[p] == QLatin1Char('?') ||
                                          pattern[p].toCaseFolded() == text[t].toCaseFolded())) {
            ++p;
            ++t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == QLatin1Char('*')) ++p;
    return p == pattern.size();
}

bool ModelAlias::isGlob() const {
    return match.contains(QLatin1Char('*')) || match.contains(QLatin1Char('?'));
}

bool ModelAlias::appliesTo(const QString &model, const QString &endpoint) const {
    if (!endpoints.isEmpty() && !endpoints.contains(endpoint)) return false;
    return isGlob() ? globMatches(match, model) : match.compare(model, Qt::CaseInsensitive) == 0;
}

std::optional<ModelAliasHit> findModelAlias(const QList<ModelAlias> &aliases, const QString &model,
                                            const QString &endpoint) {
    int glob = -1;
    for (int i = 0; i < aliases.size(); ++i) {
        const ModelAlias &a = aliases.at(i);
        if (!a.appliesTo(model, endpoint)) continue;
        if (!a.isGlob()) return ModelAliasHit{a.target, i};
        if (glob < 0) glob = i;
    }
    if (glob < 0) return std::nullopt;
    return ModelAliasHit{aliases.at(glob).target, glob};
}

const QStringList &modelAliasEndpoints() {
    static const QStringList names{QStringLiteral("openai-chat"),
                                   QStringLiteral("openai-responses"),
                                   QStringLiteral("anthropic-messages"), QStringLiteral("gemini")};
    return names;
}

}  // namespace gatehouse
