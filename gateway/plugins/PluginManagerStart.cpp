// PluginManager: starting and stopping one plugin.
#include "plugins/PluginManager.h"

#include "InstanceRetirer.h"
#include "PluginFileCheck.h"
#include "PluginInstance.h"
#include "PluginRecord.h"
#include "ShadowLibraries.h"
#include "config/ConfigSections.h"

#include <QDebug>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace gatehouse {

namespace {
QString noPath(const QString &name, const QStringList &systemDirectories) {
    const QString looked = systemDirectories.isEmpty()
                               ? QStringLiteral("no bundled plugin directory is set")
                               : QStringLiteral("no %1.so in %2")
                                     .arg(name, systemDirectories.join(QStringLiteral(", ")));
    if (ConfigSections::isBifrostBuiltIn(name))
        return QStringLiteral(
                   "\"%1\" is one of Bifrost's built-in plugins, which Gatehouse does not bundle "
                   "(%2): set \"path\" to a Gatehouse plugin (.so) that does the job, set "
                   "\"enabled\": false, or remove the entry")
            .arg(name, looked);
    return QStringLiteral(
               "\"%1\" has no \"path\" and is not a bundled plugin (%2): set \"path\" to the "
               "plugin's shared library (.so), or remove the entry")
        .arg(name, looked);
}

bool readFile(const QString &path, QByteArray *content, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2 — check the file's permissions")
                     .arg(path, file.errorString());
        return false;
    }
    *content = file.readAll();
    return true;
}
}  // namespace

bool PluginManager::start(PluginRecord &record, Code code, QString *error) {
    const PluginEntry &entry = record.entry;
    const QString &shownPath = entry.path;
    if (shownPath.isEmpty())
        return fail(record, noPath(entry.name, options_.systemPluginDirectories), error);

    // Same code: a new instance of what runs now (setConfig). From disk:
    // whatever the configured file holds now (load, reload, version bump).
    QByteArray content;
    QString problem;
    if (code == Code::Same && record.active) {
        if (!readFile(record.loadedPath, &content, &problem)) return fail(record, problem, error);
    } else {
        problem = PluginFileCheck::checkLibraryFile(shownPath);
        if (!problem.isEmpty() || !readFile(shownPath, &content, &problem))
            return fail(record, problem, error);
        // Checked on the bytes that get loaded, not on the file again later.
        problem = PluginFileCheck::checkPin(shownPath, content, entry.sha256);
        if (!problem.isEmpty()) return fail(record, problem, error);
    }

    const std::optional<QString> shadow = libraries_->acquire(entry.name, content, &problem);
    if (!shadow) return fail(record, problem, error);
    const std::optional<PluginMetadata> metadata =
        PluginMetadata::read(*shadow, shownPath, &problem);
    if (!metadata) {
        libraries_->release(*shadow);
        return fail(record, problem, error);
    }
    // Plugin names are unique among running plugins: two entries for the
    // same plugin would share (and fight over) its one configuration.
    for (const std::unique_ptr<PluginRecord> &other : records_) {
        if (other.get() == &record || !other->metadata || other->metadata->name != metadata->name)
            continue;
        if (other->state() != PluginState::Active && other->state() != PluginState::Loaded)
            continue;
        libraries_->release(*shadow);
        return fail(record,
                    QStringLiteral("%1 is plugin \"%2\", which already runs as entry \"%3\" (%4): "
                                   "a plugin runs once — remove or disable one of the entries")
                        .arg(shownPath, metadata->name, other->entry.name, other->entry.path),
                    error);
    }

    PluginInstance::Spec spec;
    spec.entryName = entry.name;
    spec.shownPath = shownPath;
    spec.shadowPath = *shadow;
    spec.metadata = *metadata;
    spec.dataDirectory = QDir(options_.dataDirectory).absoluteFilePath(entry.name);
    if (options_.hostServices) spec.hostServices = options_.hostServices(entry.name);
    std::unique_ptr<PluginInstance> instance =
        PluginInstance::load(std::move(spec), libraries_, book_, &problem);
    if (!instance) return fail(record, problem, error);

    if (!record.active) {
        // Visible only while init() runs, but a slow init() shows as such.
        record.lifecycle.load();
        record.metadata = metadata;
        publish(entry.name);
    }
    if (!instance->initialize(entry.config, &problem))
        return fail(record,
                    QStringLiteral("%1: init() refused to start: %2").arg(shownPath, problem),
                    error);

    // The previous instance (if any) stays in the chains requests hold and
    // is retired once they are done.
    record.active = std::make_shared<ActivePlugin>(entry.name, retirer_->share(std::move(instance)),
                                                   record.stats, book_, metadata->hookMask);
    record.lifecycle.activate();
    record.metadata = metadata;
    record.loadedPath = *shadow;
    hostLog(record, QStringLiteral("info"),
            QStringLiteral("started %1 %2 (version %3 of the entry) from %4, running a copy at %5")
                .arg(metadata->name, metadata->version)
                .arg(entry.version)
                .arg(shownPath, *shadow));
    return true;
}

bool PluginManager::fail(PluginRecord &record, const QString &message, QString *error) {
    QString shown = message;
    // A refused change leaves the running instance alone (and Active).
    if (record.active) shown += QStringLiteral(" — the previous instance keeps running");
    record.lifecycle.fail(shown);
    hostLog(record, QStringLiteral("error"), shown);
    qWarning().noquote() << QStringLiteral("plugin %1: %2").arg(record.entry.name, shown);
    if (error) *error = shown;
    return false;
}

void PluginManager::stop(PluginRecord &record, PluginState state) {
    // Out of the chain at the next rebuildChain(); cleanup() once no
    // request holds the instance any more.
    record.active.reset();
    record.loadedPath.clear();
    if (state == PluginState::Disabled)
        record.lifecycle.disable();
    else
        record.lifecycle.unload();
}

void PluginManager::readMetadataForDisplay(PluginRecord &record) {
    // Shown for disabled entries too; reading it runs no plugin code.
    if (record.metadata || record.entry.path.isEmpty() ||
        !PluginFileCheck::checkLibraryFile(record.entry.path).isEmpty())
        return;
    QString ignored;
    record.metadata = PluginMetadata::read(record.entry.path, record.entry.path, &ignored);
}

PluginEntry PluginManager::withBundledPath(PluginEntry entry) const {
    if (!entry.path.isEmpty()) return entry;
    for (const QString &dir : options_.systemPluginDirectories) {
        const QString candidate = QDir(dir).absoluteFilePath(entry.name + QStringLiteral(".so"));
        if (QFileInfo(candidate).isFile()) {
            entry.path = QDir::cleanPath(candidate);
            break;
        }
    }
    return entry;
}

void PluginManager::applyEntry(PluginRecord &record, const PluginEntry &entry) {
    record.entry = withBundledPath(entry);
    if (entry.enabled) {
        start(record, Code::FromDisk, nullptr);
    } else {
        stop(record, PluginState::Disabled);
        readMetadataForDisplay(record);
    }
}

}  // namespace gatehouse
