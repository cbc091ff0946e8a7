#include "PluginServices.h"

#include "plugins/PluginLog.h"
#include "PluginLogScope.h"

#include <QDir>

namespace gatehouse {

namespace {
QString levelName(PluginLogLevel level) {
    switch (level) {
        case PluginLogLevel::Debug:
            return QStringLiteral("debug");
        case PluginLogLevel::Info:
            return QStringLiteral("info");
        case PluginLogLevel::Warning:
            return QStringLiteral("warning");
        case PluginLogLevel::Error:
            return QStringLiteral("error");
    }
    return QStringLiteral("info");
}
}  // namespace

PluginServices::PluginServices(std::shared_ptr<PluginLogBook> book, QString pluginName,
                               QString dataDirectory)
    : book_(std::move(book)),
      name_(std::move(pluginName)),
      dataDirectory_(std::move(dataDirectory)) {}

void PluginServices::log(PluginLogLevel level, const QString &message) {
    // Inside one of this plugin's hook calls the line also gets the hook and
    // the request id.
    const PluginLogScope *scope = PluginLogScope::current();
    if (scope && scope->plugin() == name_)
        scope->write(levelName(level), message);
    else
        book_->append(name_, levelName(level), message);
}

QString PluginServices::dataDirectory() const {
    // Created on demand: most plugins never ask.
    QDir().mkpath(dataDirectory_);
    return dataDirectory_;
}

int PluginServices::apiVersion() const {
    return GATEHOUSE_PLUGIN_API_VERSION;
}

}  // namespace gatehouse
