#include "store/ConfigStore.h"

#include "ConfigMerge.h"
#include "ConfigRows.h"
#include "StoreExecutor.h"
#include "StoreSchema.h"
#include "threading/QueuedDelivery.h"

#include <QDateTime>
#include <QDebug>

namespace gatehouse {

namespace {

bool sameItem(const ConfigItem &a, const ConfigItem &b) {
    return a.name == b.name && a.value == b.value && a.source == b.source &&
           a.fileHash == b.fileHash && a.deleted == b.deleted && a.position == b.position;
}

// The items `edited` changed compared with `before`.
ConfigChanges changesBetween(const ConfigContent &before, const ConfigContent &edited) {
    ConfigChanges changes;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (ConfigSection s : kConfigSections) {
        for (ConfigItem item : edited.section(s)) {
            const ConfigItem *old = before.find(s, item.name);
            if (old && sameItem(*old, item)) continue;
            item.updatedAtMs = now;
            changes.items.append({s, item});
        }
    }
    return changes;
}

}  // namespace

ConfigStore::ConfigStore(StoreLocation location, GatewayConfig file, QObject *parent)
    : QObject(parent),
      location_(std::move(location)),
      file_(std::make_shared<const GatewayConfig>(std::move(file))) {
    poll_.setSingleShot(false);
    connect(&poll_, &QTimer::timeout, this, &ConfigStore::pollNow);
}

ConfigStore::~ConfigStore() = default;

std::shared_ptr<const GatewayConfig> ConfigStore::effective() const {
    return effective_.load();
}

std::shared_ptr<const ConfigContent> ConfigStore::content() const {
    return content_.load();
}

std::shared_ptr<const GatewayConfig> ConfigStore::file() const {
    return file_.load();
}

bool ConfigStore::open(QString *error) {
    executor_ = std::make_unique<StoreExecutor>(location_, QStringLiteral("config"));
    const auto fileConfig = file();
    ConfigContent loaded;
    bool ok = false;
    executor_->runAndWait([&](StoreConnection *c, const QString &why) {
        if (!c) {
            *error = why;
            return;
        }
        if (!StoreSchema::migrate(*c, error) || !ConfigRows::load(*c, &loaded, error)) return;
        const ConfigChanges seeded =
            ConfigMerge::seed(*fileConfig, loaded, QDateTime::currentMSecsSinceEpoch());
        qint64 revision = 0;
        if (!seeded.isEmpty() && (!ConfigRows::write(*c, seeded, &revision, error) ||
                                  !ConfigRows::load(*c, &loaded, error)))
            return;
        ok = true;
    });
    if (!ok) {
        // One store holds the config and the log: say both.
        *error = QStringLiteral("cannot use the store %1 (config and log store): %2")
                     .arg(location_.display(), *error);
        return false;
    }
    GatewayConfig config;
    ConfigError configError;
    if (!ConfigMerge::effective(*fileConfig, loaded, &config, &configError)) {
        *error = QStringLiteral(
                     "the config store %1 holds a value Gatehouse cannot use (%2: %3); "
                     "fix it through the API or start with another --store")
                     .arg(location_.display(), configError.path, configError.message);
        return false;
    }
    content_.store(std::make_shared<const ConfigContent>(std::move(loaded)));
    effective_.store(std::make_shared<const GatewayConfig>(std::move(config)));
    return true;
}

void ConfigStore::install(const ConfigContent &content, bool force) {
    const auto current = this->content();
    if (!force && current && content.revision <= current->revision) return;  // nothing newer
    GatewayConfig config;
    ConfigError configError;
    if (!ConfigMerge::effective(*file(), content, &config, &configError)) {
        emit storeError(QStringLiteral("the config store holds a value Gatehouse cannot use "
                                       "(%1: %2); the running config stays")
                            .arg(configError.path, configError.message));
        return;
    }
    auto effective = std::make_shared<const GatewayConfig>(std::move(config));
    content_.store(std::make_shared<const ConfigContent>(content));
    effective_.store(effective);
    emit effectiveChanged(effective);
}

bool ConfigStore::prepare(const Edit &edit, ConfigChanges *changes, Result *result) const {
    const auto before = content();
    ConfigContent edited = *before;
    if (!edit(edited, result)) {
        if (result->ok()) result->status = 400;
        return false;
    }
    *changes = changesBetween(*before, edited);
    if (changes->isEmpty()) return true;
    GatewayConfig config;
    ConfigError configError;
    if (!ConfigMerge::effective(*file(), edited, &config, &configError)) {
        result->status = 400;
        result->field = configError.path;
        result->error = configError.path.isEmpty()
                            ? configError.message
                            : configError.path + QStringLiteral(": ") + configError.message;
        return false;
    }
    return true;
}

void ConfigStore::change(Edit edit, QObject *context, std::function<void(const Result &)> done) {
    // Connected now, while the context surely lives (QueuedDelivery.h).
    auto reply = std::make_shared<QueuedDelivery>(done ? context : nullptr);
    auto answer = [reply, done](const Result &r) {
        if (done) reply->send([done, r] { done(r); });
    };
    Result result;
    ConfigChanges changes;
    if (!prepare(edit, &changes, &result) || changes.isEmpty()) return answer(result);
    executor_->post(this, [this, changes, result, answer](StoreConnection *c,
                                                          const QString &why) mutable {
        QString error = why;
        ConfigContent fresh;
        qint64 revision = 0;
        const bool ok = c && ConfigRows::write(*c, changes, &revision, &error) &&
                        ConfigRows::load(*c, &fresh, &error);
        return std::function<void()>([this, ok, error, fresh, result, answer]() mutable {
            if (ok) {
                ++writes_;
                install(fresh);
            } else {
                result.status = 503;
                result.error =
                    QStringLiteral("the config store did not take the change (nothing changed): ") +
                    error;
                emit storeError(result.error);
            }
            answer(result);
        });
    });
}

ConfigStore::Result ConfigStore::commitNow(const Edit &edit) {
    Result result;
    ConfigChanges changes;
    if (!prepare(edit, &changes, &result) || changes.isEmpty()) return result;
    QString error;
    ConfigContent fresh;
    bool ok = false;
    // Queued behind the writes already posted, so their order is kept.
    executor_->runAndWait([&](StoreConnection *c, const QString &why) {
        error = why;
        qint64 revision = 0;
        ok = c && ConfigRows::write(*c, changes, &revision, &error) &&
             ConfigRows::load(*c, &fresh, &error);
    });
    if (!ok) {
        result.status = 503;
        result.error =
            QStringLiteral("the config store did not take the change (nothing changed): ") + error;
        emit storeError(result.error);
        return result;
    }
    ++writes_;
    install(fresh);
    return result;
}

void ConfigStore::reseed(GatewayConfig fileConfig) {
    auto file = std::make_shared<const GatewayConfig>(std::move(fileConfig));
    file_.store(file);
    executor_->post(this, [this, file](StoreConnection *c, const QString &why) {
        QString error = why;
        ConfigContent fresh;
        qint64 revision = 0;
        bool ok = c && ConfigRows::load(*c, &fresh, &error);
        if (ok) {
            const ConfigChanges seeded =
                ConfigMerge::seed(*file, fresh, QDateTime::currentMSecsSinceEpoch());
            ok = seeded.isEmpty() || (ConfigRows::write(*c, seeded, &revision, &error) &&
                                      ConfigRows::load(*c, &fresh, &error));
        }
        return std::function<void()>([this, ok, error, fresh]() mutable {
            if (!ok) {
                emit storeError(QStringLiteral("config.json changed but the store could not be "
                                               "seeded: ") +
                                error);
                return;
            }
            // The file's other keys may have changed even when no item did.
            const auto current = content();
            install(fresh.revision > current->revision ? fresh : *current, /*force=*/true);
        });
    });
}

void ConfigStore::startPolling(int intervalMs) {
    poll_.start(intervalMs);
}

void ConfigStore::pollNow() {
    if (polling_ || !executor_) return;
    polling_ = true;
    const qint64 known = content()->revision;
    executor_->post(this, [this, known](StoreConnection *c, const QString &) {
        qint64 revision = 0;
        QString error;
        ConfigContent fresh;
        const bool changed = c && ConfigRows::readRevision(*c, &revision, &error) &&
                             revision > known && ConfigRows::load(*c, &fresh, &error);
        return std::function<void()>([this, changed, fresh] {
            polling_ = false;
            if (changed) install(fresh);
        });
    });
}

}  // namespace gatehouse
