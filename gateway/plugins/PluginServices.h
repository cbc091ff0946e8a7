#pragma once

#include <gatehouse/plugin.h>

#include <memory>

namespace gatehouse {

class PluginLogBook;

// The gateway as one plugin instance sees it from init() (the SDK's
// PluginHost): its log, its data directory, the API version. Owned by the
// instance; log() may be called from any thread.
class PluginServices final : public PluginHost {
public:
    PluginServices(std::shared_ptr<PluginLogBook> book, QString pluginName, QString dataDirectory);

    void log(PluginLogLevel level, const QString &message) override;
    QString dataDirectory() const override;
    int apiVersion() const override;

private:
    std::shared_ptr<PluginLogBook> book_;
    const QString name_;
    const QString dataDirectory_;
};

}  // namespace gatehouse
