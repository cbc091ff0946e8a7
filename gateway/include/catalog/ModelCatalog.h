#pragma once

#include "config/GatewayConfig.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QStringList>
#include <QThread>
#include <memory>

class QObject;
class QTimer;

namespace gatehouse {

class UpstreamClient;

// The models every configured provider offers, as its own API lists them
// (model_listing), kept for GET /v1/models and the Gemini model list.
//
// The lists are fetched on a thread of the catalogue's own, once at start,
// after every config change and every ten minutes; requests are answered
// from what is kept, never waiting on a provider. A provider whose listing
// fails keeps its last good list and the failure is noted (/health).
// Until a provider's first answer, and for kinds with no list to ask for
// (Azure, Vertex, the mock), its models are the configured ones.
class ModelCatalog {
public:
    static constexpr int kRefreshIntervalMs = 10 * 60 * 1000;

    struct Listing {
        QStringList models;  // as the provider listed them (empty before the first answer)
        bool listed = false;
        QString error;          // the last attempt's failure; empty once one succeeds
        QDateTime refreshedAt;  // the last successful answer
    };

    ModelCatalog();
    ~ModelCatalog();
    ModelCatalog(const ModelCatalog &) = delete;
    ModelCatalog &operator=(const ModelCatalog &) = delete;

    void start(std::shared_ptr<const GatewayConfig> config);
    void stop();
    // A new config: its providers are listed again at once (main thread).
    void applyConfig(std::shared_ptr<const GatewayConfig> config);
    // Asks every provider again now (any thread; returns at once).
    void refreshNow();

    // Any thread, a short lock.
    Listing listing(const QString &provider) const;
    // `provider`'s models for clients: configured ones, then the listed ones.
    QStringList modelsOf(const ProviderConfig &provider) const;
    int completedRefreshes() const;  // listings answered or failed so far

private:
    void refresh();  // on the catalogue's thread
    void record(const QString &provider, const QStringList *models, const QString &error);

    QThread thread_;
    QObject *home_ = nullptr;
    UpstreamClient *client_ = nullptr;  // lives on thread_
    QTimer *timer_ = nullptr;           // lives on thread_

    mutable QMutex mutex_;
    std::shared_ptr<const GatewayConfig> config_;
    QHash<QString, Listing> listings_;
    QSet<QString> inFlight_;
    int completed_ = 0;
};

// `provider`'s models from `catalog`, or the configured ones when there is
// no catalogue (a gateway without one, tests of the router alone).
QStringList offeredModels(const ModelCatalog *catalog, const ProviderConfig &provider);

}  // namespace gatehouse
