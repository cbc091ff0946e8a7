#pragma once

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace gatehouse {

struct ProviderRow;

// The form for one provider: name (new providers only), base URL,
// timeouts, retries, and its keys (name, value, models, weight). Keys come
// in masked and a masked value left as it is keeps the stored key; a value
// typed in replaces it; "env.VAR" reads the variable. Fields the form does
// not show (extra headers, concurrency, mock_config...) are kept as they
// are. Main thread.
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

    QLineEdit *nameEdit() const { return name_; }
    QLineEdit *baseUrlEdit() const { return baseUrl_; }
    QSpinBox *timeoutEdit() const { return timeout_; }
    QSpinBox *streamIdleEdit() const { return streamIdle_; }
    QSpinBox *retriesEdit() const { return retries_; }
    QTableWidget *keysTable() const { return keys_; }
    QLineEdit *testModelEdit() const { return testModel_; }
    QPushButton *applyButton() const { return apply_; }
    QPushButton *revertButton() const { return revert_; }

signals:
    void applyRequested();
    void revertRequested();

private:
    void setModified(bool modified);

    QLineEdit *name_, *baseUrl_, *testModel_;
    QSpinBox *timeout_, *streamIdle_, *retries_;
    QTableWidget *keys_;
    QPushButton *addKey_, *removeKey_, *apply_, *revert_;
    QLabel *hint_;
    QJsonObject original_;  // as loaded (masked): the base the form's values go onto
    bool isNew_ = false;
    bool modified_ = false;
    bool loading_ = false;
};

}  // namespace gatehouse
