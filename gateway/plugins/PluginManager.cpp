#include "plugins/PluginManager.h"

#include "json/JsonSchema.h"

#include "InstanceRetirer.h"
#include "PluginLogScope.h"
#include "PluginRecord.h"
#include "ShadowLibraries.h"

#include <QDebug>
#include <QDir>
#include <QStandardPaths>

namespace gatehouse {

struct PluginManager::Published {
    PluginStatus status;
    std::shared_ptr<PluginStats> stats;
    std::shared_ptr<const HookPace> pace;  // null when not active
};

namespace {
PluginManager::Options withDefaults(PluginManager::Options options) {
    const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (options.userPluginDirectory.isEmpty())
        options.userPluginDirectory = appData + QStringLiteral("/plugins");
    if (options.shadowDirectory.isEmpty())
        options.shadowDirectory = cache + QStringLiteral("/plugin-shadow");
    if (options.dataDirectory.isEmpty())
        options.dataDirectory = appData + QStringLiteral("/plugin-data");
    if (options.configDirectory.isEmpty()) options.configDirectory = QDir::currentPath();
    return options;
}
}  // namespace

PluginManager::PluginManager(Options options, QObject *parent)
    : QObject(parent),
      options_(withDefaults(std::move(options))),
      book_(std::make_shared<PluginLogBook>(options_.logLinesPerPlugin)),
      libraries_(std::make_shared<ShadowLibraries>(options_.shadowDirectory)),
      retirer_(std::make_shared<InstanceRetirer>(this)),
      chain_(std::make_shared<const PluginChain>()),
      published_(std::make_shared<const std::vector<Published>>()) {
    installPluginMessageCapture();
    libraries_->removeStaleCopies();
    book_->setSink([this](const PluginLogLine &line) { emit logLine(line); });
    retirer_->setRetiredCallback([this](const QString &name) {
        if (PluginRecord *record = find(name))
            hostLog(*record, QStringLiteral("info"),
                    QStringLiteral("an old instance was cleaned up"));
    });
}

PluginManager::~PluginManager() {
    book_->setSink(nullptr);
    book_->hookCalls().setObserver(nullptr);
    chain_.store(std::make_shared<const PluginChain>());
    for (const std::unique_ptr<PluginRecord> &record : records_) record->active.reset();
    retirer_->close();
}

std::shared_ptr<const PluginChain> PluginManager::chain() const {
    return chain_.load();
}

QList<PluginStatus> PluginManager::statuses() const {
    std::shared_ptr<const std::vector<Published>> published;
    {
        QMutexLocker locker(&publishedMutex_);
        published = published_;
    }
    QList<PluginStatus> out;
    out.reserve(qsizetype(published->size()));
    for (const Published &p : *published) {
        out.append(p.status);
        out.last().stats = p.stats->snapshot();
        if (p.pace) out.last().hookPace = HookPace::verdictName(p.pace->verdict());
    }
    return out;
}

std::optional<PluginStatus> PluginManager::status(const QString &name) const {
    for (const PluginStatus &s : statuses())
        if (s.name == name) return s;
    return std::nullopt;
}

void PluginManager::setHookCallObserver(HookCallFeed::Observer observer) {
    book_->hookCalls().setObserver(std::move(observer));
}

bool PluginManager::hookCallsObserved() const {
    return book_->hookCalls().observed();
}

void PluginManager::publishHookCall(const HookCallRecord &record) {
    if (book_->hookCalls().observed()) book_->hookCalls().publish(record);
}

QList<PluginLogLine> PluginManager::logs(const QString &name, qint64 afterId, int limit) const {
    return book_->lines(name, afterId, limit);
}

PluginRecord *PluginManager::find(const QString &name) const {
    for (const std::unique_ptr<PluginRecord> &record : records_)
        if (record->entry.name == name) return record.get();
    return nullptr;
}

PluginRecord &PluginManager::create(const QString &name) {
    records_.push_back(std::make_unique<PluginRecord>());
    records_.back()->entry.name = name;
    return *records_.back();
}

void PluginManager::hostLog(const PluginRecord &record, const QString &level,
                            const QString &message) {
    book_->append(record.entry.name, level, message);
}

void PluginManager::rebuildChain() {
    QList<std::shared_ptr<ActivePlugin>> active;
    for (const std::unique_ptr<PluginRecord> &record : records_)
        if (record->state() == PluginState::Active && record->active) active.append(record->active);
    const std::shared_ptr<const PluginChain> current = chain();
    if (current->plugins() == active) return;
    // The old snapshot lives on in the requests that hold it; its plugins
    // that are not in the new one are retired when the last one ends.
    chain_.store(std::make_shared<const PluginChain>(std::move(active)));
    emit chainChanged();
}

void PluginManager::publish(const QString &changed) {
    auto published = std::make_shared<std::vector<Published>>();
    // Configured plugins first (chain order), then the discovered ones.
    for (int pass = 0; pass < 2; ++pass) {
        for (const std::unique_ptr<PluginRecord> &r : records_) {
            if ((r->state() == PluginState::Discovered) != (pass == 1)) continue;
            PluginStatus s;
            s.name = r->entry.name;
            s.path = r->entry.path;
            s.version = r->entry.version;
            s.enabled = r->entry.enabled;
            s.state = r->state();
            s.error = r->lifecycle.errorString();
            s.config = r->entry.config;
            s.source = r->source;
            s.loadedPath = r->active ? r->loadedPath : QString();
            if (r->metadata) {
                s.pluginName = r->metadata->name;
                s.pluginVersion = r->metadata->version;
                s.description = r->metadata->description;
                s.apiVersion = r->metadata->apiVersion;
                s.hooks = r->metadata->hooks;
                s.configSchema = r->metadata->configSchema;
            }
            published->push_back({s, r->stats, r->active ? r->active->sharedPace() : nullptr});
        }
    }
    {
        QMutexLocker locker(&publishedMutex_);
        published_ = std::move(published);
    }
    if (!changed.isEmpty()) emit statusChanged(changed);
}

bool PluginManager::requireConfigured(const QString &name, PluginRecord **record,
                                      QString *error) const {
    PluginRecord *r = find(name);
    if (r && r->isConfigured()) {
        *record = r;
        return true;
    }
    if (r && r->state() == PluginState::Discovered)
        *error = QStringLiteral(
                     "plugin \"%1\" is only discovered (%2), not configured: add it "
                     "first (POST /api/plugins or a config.json entry)")
                     .arg(name, r->entry.path);
    else
        *error = QStringLiteral("no plugin named \"%1\": GET /api/plugins lists them").arg(name);
    return false;
}

bool PluginManager::add(const PluginEntry &entry, QString *error) {
    if (entry.name.trimmed().isEmpty()) {
        *error = QStringLiteral("a plugin needs a name: set \"name\"");
        return false;
    }
    PluginRecord *record = find(entry.name);
    if (record && record->isConfigured()) {
        *error = QStringLiteral(
                     "a plugin named \"%1\" already exists (%2): choose another name, "
                     "or remove it first")
                     .arg(entry.name, record->entry.path);
        return false;
    }
    if (!record) record = &create(entry.name);
    PluginEntry resolved = entry;
    if (!resolved.path.isEmpty())
        resolved.path =
            QDir::cleanPath(QDir(options_.configDirectory).absoluteFilePath(resolved.path));
    record->source = QStringLiteral("api");
    record->metadata.reset();
    applyEntry(*record, resolved);
    const bool ok = record->state() == PluginState::Active || !resolved.enabled;
    if (!ok) *error = record->lifecycle.errorString();
    rebuildChain();
    discover();
    publish(entry.name);
    return ok;
}

bool PluginManager::remove(const QString &name, QString *error) {
    PluginRecord *record = nullptr;
    if (!requireConfigured(name, &record, error)) return false;
    stop(*record, PluginState::Unloaded);
    hostLog(*record, QStringLiteral("info"), QStringLiteral("removed"));
    rebuildChain();
    discover();
    publish(name);
    return true;
}

bool PluginManager::setEnabled(const QString &name, bool enabled, QString *error) {
    PluginRecord *record = nullptr;
    if (!requireConfigured(name, &record, error)) return false;
    record->entry.enabled = enabled;
    bool ok = true;
    if (!enabled) {
        if (record->state() != PluginState::Disabled) {
            stop(*record, PluginState::Disabled);
            hostLog(*record, QStringLiteral("info"), QStringLiteral("disabled"));
        }
    } else if (record->state() != PluginState::Active) {
        ok = start(*record, Code::FromDisk, error);
    }
    rebuildChain();
    publish(name);
    return ok;
}

bool PluginManager::setConfig(const QString &name, const QJsonObject &config, QString *error) {
    PluginRecord *record = nullptr;
    if (!requireConfigured(name, &record, error)) return false;
    if (!checkConfig(name, config, error)) return false;
    const QJsonObject previous = record->entry.config;
    record->entry.config = config;
    bool ok = true;
    if (record->state() == PluginState::Active) {
        ok = start(*record, Code::Same, error);
        if (!ok) record->entry.config = previous;  // the running instance's
    } else if (record->entry.enabled) {
        ok = start(*record, Code::FromDisk, error);
    }
    rebuildChain();
    publish(name);
    return ok;
}

// Checked here as well as in the panel, so /api/plugins never hands init()
// a config the plugin's own schema already rules out.
bool PluginManager::checkConfig(const QString &name, const QJsonObject &config,
                                QString *error) const {
    const PluginRecord *record = find(name);
    if (!record || !record->metadata) return true;
    const QList<SchemaViolation> problems =
        validateAgainstSchema(config, record->metadata->configSchema);
    if (problems.isEmpty()) return true;
    *error = QStringLiteral("config refused by the plugin's configSchema: %1")
                 .arg(problems.first().toString());
    return false;
}

bool PluginManager::setVersion(const QString &name, int version, QString *error) {
    PluginRecord *record = nullptr;
    if (!requireConfigured(name, &record, error)) return false;
    if (version < 1) {
        *error = QStringLiteral("version must be 1 or more (got %1)").arg(version);
        return false;
    }
    const int previous = record->entry.version;
    record->entry.version = version;
    bool ok = true;
    if (record->entry.enabled) ok = start(*record, Code::FromDisk, error);
    if (!ok && record->active) record->entry.version = previous;  // the running instance's
    rebuildChain();
    publish(name);
    return ok;
}

}  // namespace gatehouse
