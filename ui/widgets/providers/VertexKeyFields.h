#pragma once

#include "KeySettingsFields.h"

class QLineEdit;
class QPushButton;

namespace gatehouse {

class SecretField;

// A key's vertex_key_config: the Google Cloud project, the region, and the
// service account's credentials (the JSON itself, a path to its file,
// chosen with "Browse…", or env.VAR). Without credentials the key's value
// is sent as an access token.
class VertexKeyFields : public KeySettingsFields {
    Q_OBJECT
public:
    explicit VertexKeyFields(QWidget *parent = nullptr);

    void load(const QJsonObject &key) override;
    void store(QJsonObject *key) const override;

    QLineEdit *projectEdit() const { return project_; }
    QLineEdit *regionEdit() const { return region_; }
    SecretField *credentialsEdit() const { return credentials_; }
    QPushButton *browseButton() const { return browse_; }

private:
    QLineEdit *project_, *region_;
    SecretField *credentials_;
    QPushButton *browse_;
};

}  // namespace gatehouse
