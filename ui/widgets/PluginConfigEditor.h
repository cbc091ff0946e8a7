#pragma once

#include "plugins/PluginStatus.h"

#include "Gateway.h"
#include "plugins/PluginManager.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;

namespace gatehouse {

class JsonEditor;

class SchemaForm;

// Edits one plugin's config: raw JSON (highlighted) or, where the schema
// allows, a generated form. Apply validates the text (JSON syntax, then the
// plugin's configSchema) and only then calls Gateway::setPluginConfig (the
// store first, then the host); a
// problem is shown with its line marked, and nothing is applied. Revert
// goes back to the running config.
class PluginConfigEditor : public QWidget {
    Q_OBJECT
public:
    explicit PluginConfigEditor(QWidget *parent = nullptr);

    void setPlugin(Gateway *gateway, const PluginStatus &status);
    QString pluginName() const { return name_; }

    bool apply();
    void revert();

    JsonEditor *editor() const { return editor_; }
    SchemaForm *form() const { return form_; }
    QTabWidget *tabs() const { return tabs_; }
    QPushButton *applyButton() const { return apply_; }
    QPushButton *revertButton() const { return revert_; }
    QString message() const;

signals:
    void applied(const QString &plugin);

private:
    void showProblem(const QString &text);
    void showOk(const QString &text);
    void syncFormFromText();

    QPointer<Gateway> gateway_;
    QString name_;
    QJsonObject schema_;
    QJsonObject running_;
    QLabel *title_;
    QTabWidget *tabs_;
    JsonEditor *editor_;
    SchemaForm *form_;
    QLabel *message_;
    QPushButton *apply_;
    QPushButton *revert_;
};

}  // namespace gatehouse
