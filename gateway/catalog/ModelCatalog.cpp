#include "catalog/ModelCatalog.h"

#include "ModelListing.h"
#include "upstream/UpstreamClient.h"
#include "upstream/WholeAnswer.h"

#include <QTimer>

namespace gatehouse {

ModelCatalog::ModelCatalog() {
    thread_.setObjectName(QStringLiteral("models"));
}

ModelCatalog::~ModelCatalog() {
    stop();
}

void ModelCatalog::start(std::shared_ptr<const GatewayConfig> config) {
    if (home_) return;
    {
        QMutexLocker lock(&mutex_);
        config_ = std::move(config);
    }
    home_ = new QObject;
    home_->moveToThread(&thread_);
    thread_.start();
    QMetaObject::invokeMethod(home_, [this] {
        client_ = new UpstreamClient(home_);
        timer_ = new QTimer(home_);
        timer_->setInterval(kRefreshIntervalMs);
        QObject::connect(timer_, &QTimer::timeout, home_, [this] { refresh(); });
        timer_->start();
        refresh();
    });
}

void ModelCatalog::stop() {
    if (!home_) return;
    // The client's connections and calls end on their own thread.
    QMetaObject::invokeMethod(
        home_,
        [this] {
            delete timer_;
            timer_ = nullptr;
            delete client_;
            client_ = nullptr;
        },
        Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    delete home_;
    home_ = nullptr;
}

void ModelCatalog::applyConfig(std::shared_ptr<const GatewayConfig> config) {
    {
        QMutexLocker lock(&mutex_);
        config_ = std::move(config);
        // Providers removed or renamed are forgotten.
        for (auto it = listings_.begin(); it != listings_.end();)
            it = config_->provider(it.key()) ? std::next(it) : listings_.erase(it);
    }
    refreshNow();
}

void ModelCatalog::refreshNow() {
    if (home_) QMetaObject::invokeMethod(home_, [this] { refresh(); });
}

void ModelCatalog::refresh() {
    std::shared_ptr<const GatewayConfig> config;
    {
        QMutexLocker lock(&mutex_);
        config = config_;
    }
    if (!config || !client_) return;
    for (const ProviderConfig &provider : config->providers) {
        UpstreamRequest request;
        QString error;
        if (!model_listing::buildRequest(provider, &request, &error)) {
            if (!error.isEmpty()) record(provider.name, nullptr, error);
            continue;
        }
        {
            QMutexLocker lock(&mutex_);
            // A listing still out (a slow provider) is not asked twice.
            if (inFlight_.contains(provider.name)) continue;
            inFlight_.insert(provider.name);
        }
        const QString name = provider.name;
        const ProviderKind kind = provider.kind;
        fetchWhole(*client_, std::move(request), 16 * 1024 * 1024,
                   [this, name, kind](const WholeAnswer &answer) {
                       QStringList models;
                       QString why;
                       if (answer.failed) {
                           record(name, nullptr,
                                  QStringLiteral("listing models failed: ") + answer.error.message);
                       } else if (answer.status != 200) {
                           why = QStringLiteral("listing models answered HTTP %1: %2")
                                     .arg(answer.status)
                                     .arg(QString::fromUtf8(answer.body.left(300)).simplified());
                           record(name, nullptr, why);
                       } else if (!model_listing::parseAnswer(kind, answer.body, &models, &why)) {
                           record(name, nullptr, QStringLiteral("listing models: ") + why);
                       } else {
                           record(name, &models, QString());
                       }
                   });
    }
}

void ModelCatalog::record(const QString &provider, const QStringList *models,
                          const QString &error) {
    QMutexLocker lock(&mutex_);
    inFlight_.remove(provider);
    ++completed_;
    if (!config_ || !config_->provider(provider)) return;
    Listing &listing = listings_[provider];
    listing.error = error;
    if (models) {
        listing.models = *models;
        listing.listed = true;
        listing.refreshedAt = QDateTime::currentDateTimeUtc();
    }
}

ModelCatalog::Listing ModelCatalog::listing(const QString &provider) const {
    QMutexLocker lock(&mutex_);
    return listings_.value(provider);
}

QStringList ModelCatalog::modelsOf(const ProviderConfig &provider) const {
    const QStringList configured = model_listing::configuredModels(provider);
    QStringList listed;
    {
        QMutexLocker lock(&mutex_);
        listed = listings_.value(provider.name).models;
    }
    return model_listing::merge(provider, configured, listed);
}

int ModelCatalog::completedRefreshes() const {
    QMutexLocker lock(&mutex_);
    return completed_;
}

QStringList offeredModels(const ModelCatalog *catalog, const ProviderConfig &provider) {
    return catalog ? catalog->modelsOf(provider) : model_listing::configuredModels(provider);
}

}  // namespace gatehouse
