#include "PluginInstance.h"

#include "PluginFileCheck.h"
#include "plugins/PluginLog.h"
#include "PluginLogScope.h"
#include "PluginServices.h"
#include "ShadowLibraries.h"

#include <gatehouse/host_services.h>
#include <gatehouse/plugin.h>

#include <cxxabi.h>
#include <QPluginLoader>
#include <cstdlib>
#include <exception>
#include <typeinfo>

namespace gatehouse {

namespace {
QString demangle(const char *name) {
    int status = 0;
    char *readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    const QString out = QString::fromLatin1(status == 0 && readable ? readable : name);
    std::free(readable);
    return out;
}
}  // namespace

QString describeCurrentException() {
    const std::type_info *type = abi::__cxa_current_exception_type();
    const QString typeName = type ? demangle(type->name()) : QStringLiteral("an unknown type");
    try {
        throw;
    } catch (const std::exception &e) {
        return QStringLiteral("threw %1: %2").arg(typeName, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        return QStringLiteral("threw %1 (not a std::exception)").arg(typeName);
    }
}

PluginInstance::PluginInstance(Spec spec, std::shared_ptr<ShadowLibraries> libraries,
                               std::shared_ptr<PluginLogBook> book)
    : spec_(std::move(spec)), libraries_(std::move(libraries)), book_(std::move(book)) {}

std::unique_ptr<PluginInstance> PluginInstance::load(Spec spec,
                                                     std::shared_ptr<ShadowLibraries> libraries,
                                                     std::shared_ptr<PluginLogBook> book,
                                                     QString *error) {
    std::unique_ptr<PluginInstance> self(
        new PluginInstance(std::move(spec), std::move(libraries), std::move(book)));
    const Spec &s = self->spec_;
    QPluginLoader &loader = self->libraries_->loader(s.shadowPath);
    QString thrown;
    {
        // The plugin's static constructors and its class's constructor run
        // here: their messages are the plugin's too.
        PluginLogScope scope(*self->book_, s.entryName, "load");
        try {
            if (loader.load()) self->object_ = loader.instance();
        } catch (...) {
            thrown = describeCurrentException();
        }
    }
    if (!thrown.isEmpty()) {
        *error = QStringLiteral("%1: the plugin's constructor %2").arg(s.shownPath, thrown);
        return nullptr;
    }
    if (!self->object_) {
        *error =
            PluginFileCheck::explainLoaderError(loader.errorString(), s.shadowPath, s.shownPath);
        return nullptr;
    }
    self->plugin_ = qobject_cast<GatewayPlugin *>(self->object_);
    if (!self->plugin_) {
        *error = QStringLiteral(
                     "%1: class %2 does not implement gatehouse::GatewayPlugin: derive it from "
                     "QObject and gatehouse::GatewayPlugin and add "
                     "Q_INTERFACES(gatehouse::GatewayPlugin)")
                     .arg(s.shownPath, s.metadata.className);
        return nullptr;
    }
    QString name;
    try {
        name = self->plugin_->name();
    } catch (...) {
        *error = QStringLiteral("%1: name() %2").arg(s.shownPath, describeCurrentException());
        return nullptr;
    }
    if (name != s.metadata.name) {
        *error = QStringLiteral(
                     "%1: the plugin's name() returns \"%2\" but its plugin.json says \"%3\": "
                     "make them the same")
                     .arg(s.shownPath, name, s.metadata.name);
        return nullptr;
    }
    self->services_ = std::make_unique<PluginServices>(self->book_, s.entryName, s.dataDirectory);
    // Before init(): the SDK's hostService() reads it there.
    if (s.hostServices)
        self->object_->setProperty(GATEHOUSE_HOST_SERVICES_PROPERTY,
                                   QVariant::fromValue<void *>(s.hostServices.get()));
    return self;
}

PluginInstance::~PluginInstance() {
    // Deleting the root object lets QPluginLoader::instance() make a new one
    // if this copy is reused; the library itself stays mapped.
    if (object_) {
        PluginLogScope scope(*book_, spec_.entryName, "cleanup");
        delete object_;
    }
    libraries_->release(spec_.shadowPath);
}

bool PluginInstance::initialize(const QJsonObject &config, QString *error) {
    bool ok = false;
    QString message;
    {
        PluginLogScope scope(*book_, spec_.entryName, "init");
        try {
            ok = plugin_->init(config, *services_, &message);
        } catch (...) {
            message = QStringLiteral("init() %1").arg(describeCurrentException());
            ok = false;
        }
    }
    if (!ok) {
        *error = message.isEmpty() ? QStringLiteral("init() returned false without saying why")
                                   : message;
        return false;
    }
    initialized_ = true;
    return true;
}

void PluginInstance::cleanup() {
    if (!initialized_) return;
    initialized_ = false;
    QString thrown;
    {
        PluginLogScope scope(*book_, spec_.entryName, "cleanup");
        try {
            plugin_->cleanup();
        } catch (...) {
            thrown = describeCurrentException();
        }
    }
    if (!thrown.isEmpty())
        book_->append(spec_.entryName, QStringLiteral("error"),
                      QStringLiteral("cleanup() %1").arg(thrown), QStringLiteral("cleanup"));
}

}  // namespace gatehouse
