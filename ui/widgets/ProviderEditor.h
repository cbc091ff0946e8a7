#pragma once

#include "config/GatewayConfig.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace gatehouse {

class KeySettingsFields;
struct ProviderRow;

// The form for one provider: name (new providers only), its kind (which
// API it speaks), base URL, timeouts, retries, and its keys (name, value,
// models, weight). Keys come in masked and a masked value left as it is
// keeps the stored key; a value typed in replaces it; "env.VAR" reads the
// variable. Azure, Vertex and Bedrock keys carry settings of their own
// (endpoint and deployments, project and service account, region and AWS
// keys): a box below the keys shows those of the selected key, secrets
// masked the same way. Fields the form does not show (extra headers,
// concurrency, mock_config...) are kept as they are. Main thread.
class ProviderEditor : public QWidget {
    Q_OBJECT
public:
    enum KeyColumn { KeyName, KeyValue, KeyModels, KeyWeight, KeyColumnCount };

    explicit ProviderEditor(QWidget *parent = nullptr);

    void load(const ProviderRow &row, const QString &testModel);
    // An empty form for a provider to add.
    void startNew();
    void clear();
    bool isNew() const { return isNew_; }
    bool isModified() const { return modified_; }
    // The provider named in the form ("" when empty).
    QString providerName() const;
    QString testModel() const;

    // The provider object as config.json would hold it, or false with a
    // message for people (the store checks the rest when it is applied).
    bool build(QJsonObject *out, QString *error) const;

    // Adds a key row (the "+" button) with these values.
    void addKey(const QString &name = {}, const QString &value = {}, const QString &models = {},
                const QString &weight = {});
    void removeSelectedKey();

    // The kind the form is set to; setting it shows that kind's key settings.
    ProviderKind kind() const;
    void setKind(ProviderKind kind);
    // The settings box of a kind (nullptr for kinds without key settings).
    KeySettingsFields *settingsFields(ProviderKind kind) const { return fields_.value(int(kind)); }
    // Which key's settings the box shows (-1: none).
    int settingsKeyRow() const { return settingsRow_; }
    void showSettingsOf(int row);

    QLineEdit *nameEdit() const { return name_; }
    QComboBox *kindCombo() const { return kind_; }
    QLineEdit *baseUrlEdit() const { return baseUrl_; }
    QSpinBox *timeoutEdit() const { return timeout_; }
    QSpinBox *streamIdleEdit() const { return streamIdle_; }
    QSpinBox *retriesEdit() const { return retries_; }
    QSpinBox *contextWindowEdit() const { return contextWindow_; }
    QTableWidget *keysTable() const { return keys_; }
    QLineEdit *testModelEdit() const { return testModel_; }
    QPushButton *applyButton() const { return apply_; }
    QPushButton *revertButton() const { return revert_; }

signals:
    void applyRequested();
    void revertRequested();

private:
    void setModified(bool modified);
    void addSettingsFields(ProviderKind kind, KeySettingsFields *fields);
    // Copies the settings box into its key's row (the row keeps the whole key object).
    void flushSettings() const;
    void kindChanged();

    QLineEdit *name_, *baseUrl_, *testModel_;
    QComboBox *kind_;
    QGroupBox *settingsBox_;
    QStackedWidget *settingsStack_;
    QHash<int, KeySettingsFields *> fields_;  // by ProviderKind
    int settingsRow_ = -1;
    ProviderKind settingsKind_ = ProviderKind::OpenAI;  // whose fields show settingsRow_
    QSpinBox *timeout_, *streamIdle_, *retries_;
    // OpenAI-compatible servers only (Ollama, LM Studio, llama.cpp, vLLM):
    // the tokens the server keeps. A per-model map from config.json is not
    // shown here, and kept as it is.
    QSpinBox *contextWindow_;
    QLabel *contextWindowLabel_;
    QTableWidget *keys_;
    QPushButton *addKey_, *removeKey_, *apply_, *revert_;
    QLabel *hint_;
    QJsonObject original_;  // as loaded (masked): the base the form's values go onto
    bool isNew_ = false;
    bool modified_ = false;
    bool loading_ = false;
};

}  // namespace gatehouse
