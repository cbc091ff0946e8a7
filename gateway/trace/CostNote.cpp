#include "CostNote.h"

namespace gatehouse {

namespace CostNote {

namespace {

const QLatin1String kNoUsage("usage");
const QLatin1String kProviderGone("gone");
const QLatin1String kNoModelName("name");
const QLatin1String kNoProvider("provider:");
const QLatin1String kNoPrice("model:");
// Between a provider id and its fallbacks: provider ids are names from the
// catalogue or the config, which never contain it.
const QLatin1Char kFallbacks('|');

QString providerSentence(const QString &provider) {
    if (provider == QLatin1String("mock"))
        return QStringLiteral(
            "the mock provider has no prices (an override for provider \"mock\" can give it "
            "some)");
    if (provider == QLatin1String("local"))
        return QStringLiteral(
            "a local model server has no prices (an override for provider \"local\" can give "
            "it some)");
    return QStringLiteral("no provider \"%1\" in the price catalogue").arg(provider);
}

}  // namespace

QString noUsage() {
    return kNoUsage;
}

QString providerGone() {
    return kProviderGone;
}

QString noModelName() {
    return kNoModelName;
}

QString noCatalogProvider(const QString &provider) {
    return kNoProvider + provider;
}

QString noModelPrice(const QString &provider, const QStringList &fallbacks) {
    QString note = kNoPrice + provider;
    if (!fallbacks.isEmpty()) note += kFallbacks + fallbacks.join(QLatin1Char(','));
    return note;
}

QString explain(const QString &note, const QString &model) {
    if (note == kNoUsage) return QStringLiteral("the provider reported no token usage");
    if (note == kProviderGone) return QStringLiteral("the provider is no longer configured");
    if (note == kNoModelName) return QStringLiteral("no model name");
    if (note.startsWith(kNoProvider)) return providerSentence(note.mid(kNoProvider.size()));
    if (note.startsWith(kNoPrice)) {
        const QString rest = note.mid(kNoPrice.size());
        const qsizetype bar = rest.lastIndexOf(kFallbacks);
        QString sentence = QStringLiteral("no price for model \"%1\" at \"%2\"")
                               .arg(model, bar < 0 ? rest : rest.left(bar));
        if (bar >= 0)
            sentence +=
                QStringLiteral(" (nor at %1)")
                    .arg(rest.mid(bar + 1).split(QLatin1Char(',')).join(QLatin1String(", ")));
        return sentence;
    }
    return note;
}

}  // namespace CostNote

}  // namespace gatehouse
