#pragma once

#include <QJsonObject>
#include <QWidget>

namespace gatehouse {

// The settings one provider kind keeps inside each key (azure_key_config,
// vertex_key_config, bedrock_key_config): shown for the key selected in
// the editor's keys table. Secrets come in masked; a mask left as it is
// keeps the stored secret (the store restores it). Main thread.
class KeySettingsFields : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    // Shows the settings of `key` (a masked key object).
    virtual void load(const QJsonObject &key) = 0;
    // Writes the fields into `key`, keeping the settings they do not show.
    virtual void store(QJsonObject *key) const = 0;

signals:
    void edited();
};

}  // namespace gatehouse
