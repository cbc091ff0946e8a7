// PluginManager: following config.json, and discovering unconfigured plugins.
#include "plugins/PluginManager.h"

#include "PluginConfigWatcher.h"
#include "PluginRecord.h"

#include <QDebug>
#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <algorithm>

namespace gatehouse {

namespace {
const QString kFromConfig = QStringLiteral("config.json");
const QString kDiscovered = QStringLiteral("discovered");

bool sameEntry(const PluginEntry &a, const PluginEntry &b) {
    return a.enabled == b.enabled && a.name == b.name && a.path == b.path &&
           a.version == b.version && a.config == b.config && a.sha256 == b.sha256;
}

QString canonical(const QString &path) {
    const QString resolved = QFileInfo(path).canonicalFilePath();
    return resolved.isEmpty() ? QDir::cleanPath(path) : resolved;
}
}  // namespace

void PluginManager::applyConfig(const QList<PluginEntry> &entries) {
    QSet<QString> listed;
    for (const PluginEntry &entry : entries) {
        listed.insert(entry.name);
        PluginRecord *record = find(entry.name);
        if (record && record->fromConfig && sameEntry(*record->fromConfig, entry)) continue;

        if (!record || !record->isConfigured() || !record->fromConfig) {
            // New to config.json (maybe discovered, removed, or added at run
            // time before): the file's entry is taken whole.
            if (!record) record = &create(entry.name);
            record->source = kFromConfig;
            record->fromConfig = entry;
            applyEntry(*record, entry);
            publish(entry.name);
            continue;
        }

        // Listed before: apply what the file changed, keep the rest.
        const PluginEntry before = *record->fromConfig;
        record->fromConfig = entry;
        record->source = kFromConfig;
        PluginEntry &running = record->entry;
        const PluginEntry previous = running;
        const bool codeChanged = entry.path != before.path || entry.version != before.version ||
                                 entry.sha256 != before.sha256;
        const bool configChanged = entry.config != before.config;
        const bool enabledChanged = entry.enabled != before.enabled;
        bool refused = false;
        if (entry.path != before.path) running.path = withBundledPath(entry).path;
        if (entry.version != before.version) running.version = entry.version;
        if (entry.sha256 != before.sha256) running.sha256 = entry.sha256;
        if (configChanged) running.config = entry.config;
        if (enabledChanged) running.enabled = entry.enabled;

        if (!running.enabled) {
            if (record->state() != PluginState::Disabled) stop(*record, PluginState::Disabled);
        } else if (codeChanged || record->state() != PluginState::Active) {
            if (!start(*record, Code::FromDisk, nullptr) && record->active) refused = true;
        } else if (configChanged) {
            if (!start(*record, Code::Same, nullptr)) refused = true;
        }
        if (refused) {
            // The previous instance keeps running: the entry says what runs,
            // and the file's (the store's) last entry stays the one to diff
            // against, so taking the change back out reloads nothing.
            running = previous;
            record->fromConfig = before;
        }
        publish(entry.name);
    }

    for (const std::unique_ptr<PluginRecord> &record : records_) {
        if (!record->fromConfig || listed.contains(record->entry.name)) continue;
        record->fromConfig.reset();
        if (record->source != kFromConfig || !record->isConfigured()) continue;
        stop(*record, PluginState::Unloaded);
        hostLog(*record, QStringLiteral("info"), QStringLiteral("removed from config.json"));
        publish(record->entry.name);
    }

    // The chain runs in the file's order; plugins added at run time follow.
    std::stable_sort(records_.begin(), records_.end(), [&](const auto &a, const auto &b) {
        auto rank = [&](const PluginRecord &r) {
            for (qsizetype i = 0; i < entries.size(); ++i)
                if (entries.at(i).name == r.entry.name) return i;
            return entries.size();
        };
        return rank(*a) < rank(*b);
    });
    rebuildChain();
    discover();
    publish();
}

void PluginManager::watchConfigFile(const QString &path) {
    delete watcher_;
    watcher_ = new PluginConfigWatcher(path, this);
    connect(watcher_, &PluginConfigWatcher::configChanged, this,
            [this](const GatewayConfig &config) { applyConfig(config.plugins); });
    connect(watcher_, &PluginConfigWatcher::configError, this, [this](const QString &message) {
        qWarning().noquote() << QStringLiteral(
                                    "config.json changed but was not applied (the plugins keep "
                                    "running as they are): %1")
                                    .arg(message);
        emit configFileError(message);
    });
}

void PluginManager::discover() {
    QDir dir(options_.userPluginDirectory);
    QSet<QString> configured;
    for (const std::unique_ptr<PluginRecord> &r : records_)
        if (r->isConfigured() && !r->entry.path.isEmpty())
            configured.insert(canonical(r->entry.path));

    QSet<QString> found;
    for (const QFileInfo &file : dir.entryInfoList({QStringLiteral("*.so")}, QDir::Files)) {
        const QString path = canonical(file.absoluteFilePath());
        if (!configured.contains(path)) found.insert(path);
    }

    // Forget what is gone or configured now.
    QStringList changed;
    records_.erase(std::remove_if(records_.begin(), records_.end(),
                                  [&](const std::unique_ptr<PluginRecord> &r) {
                                      if (r->state() != PluginState::Discovered) return false;
                                      if (found.remove(canonical(r->entry.path))) return false;
                                      changed.append(r->entry.name);
                                      return true;
                                  }),
                   records_.end());

    QStringList paths(found.begin(), found.end());
    paths.sort();
    for (const QString &path : paths) {
        QString problem;
        const std::optional<PluginMetadata> metadata = PluginMetadata::read(path, path, &problem);
        // Keyed by the plugin's own name if free; an unloaded entry of that
        // name gives way (it is this file again, most likely).
        QString key = metadata ? metadata->name : QFileInfo(path).completeBaseName();
        if (PluginRecord *r = find(key); r && r->isConfigured()) key = QFileInfo(path).fileName();
        PluginRecord *record = find(key);
        if (record && record->isConfigured()) continue;
        if (!record) record = &create(key);
        record->entry = PluginEntry();
        record->entry.name = key;
        record->entry.path = path;
        record->entry.enabled = false;
        record->fromConfig.reset();
        record->source = kDiscovered;
        record->lifecycle.discover(problem);
        record->metadata = metadata;
        changed.append(key);
    }
    if (!changed.isEmpty()) {
        publish();
        for (const QString &name : changed) emit statusChanged(name);
    }
}

}  // namespace gatehouse
