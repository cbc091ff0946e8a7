#pragma once

#include "PluginMetadata.h"

#include <QJsonObject>
#include <QString>
#include <memory>

class QObject;

namespace gatehouse {

class GatewayPlugin;
class PluginLogBook;
class PluginServices;
class HostServices;
class ShadowLibraries;

// One object of a plugin, from its own shadow copy: loaded, then initialised,
// finally cleaned up and deleted. Created, initialised and destroyed on the
// main thread; its hooks are called from any thread in between.
class PluginInstance {
public:
    struct Spec {
        QString entryName;   // the config entry: names the log lines
        QString shownPath;   // the configured .so, for messages
        QString shadowPath;  // acquired from `libraries`; released on destruction
        PluginMetadata metadata;
        QString dataDirectory;
        // Offered to the plugin through the SDK's hostService(); may be null.
        std::shared_ptr<HostServices> hostServices;
    };

    // Loads the copy and creates the plugin object; nullptr + *error if the
    // library does not load, is not a GatewayPlugin, or names itself other
    // than its plugin.json. The copy is released on failure.
    static std::unique_ptr<PluginInstance> load(Spec spec,
                                                std::shared_ptr<ShadowLibraries> libraries,
                                                std::shared_ptr<PluginLogBook> book,
                                                QString *error);
    ~PluginInstance();
    PluginInstance(const PluginInstance &) = delete;
    PluginInstance &operator=(const PluginInstance &) = delete;

    // Calls init(config); false + *error (its message, or the exception) if
    // it refused. Messages logged meanwhile are the plugin's.
    bool initialize(const QJsonObject &config, QString *error);
    // Calls cleanup() if initialize() succeeded; exceptions are logged.
    void cleanup();

    GatewayPlugin *plugin() const { return plugin_; }
    const Spec &spec() const { return spec_; }
    PluginLogBook &logBook() const { return *book_; }

private:
    PluginInstance(Spec spec, std::shared_ptr<ShadowLibraries> libraries,
                   std::shared_ptr<PluginLogBook> book);

    Spec spec_;
    std::shared_ptr<ShadowLibraries> libraries_;
    std::shared_ptr<PluginLogBook> book_;
    QObject *object_ = nullptr;  // the plugin's root object (QPluginLoader::instance())
    GatewayPlugin *plugin_ = nullptr;
    std::unique_ptr<PluginServices> services_;
    bool initialized_ = false;
};

// "threw std::runtime_error: boom": what an exception escaping plugin code
// was. Call inside a catch block.
QString describeCurrentException();

}  // namespace gatehouse
