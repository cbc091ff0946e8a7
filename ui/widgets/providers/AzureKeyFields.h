#pragma once

#include "KeySettingsFields.h"

class QLineEdit;

namespace gatehouse {

class DeploymentsTable;

// A key's azure_key_config: the resource's endpoint, the api_version and
// the deployment serving each model. The key's value is the resource's
// api-key or an Entra ID access token.
class AzureKeyFields : public KeySettingsFields {
    Q_OBJECT
public:
    explicit AzureKeyFields(QWidget *parent = nullptr);

    void load(const QJsonObject &key) override;
    void store(QJsonObject *key) const override;

    QLineEdit *endpointEdit() const { return endpoint_; }
    QLineEdit *apiVersionEdit() const { return apiVersion_; }
    DeploymentsTable *deployments() const { return deployments_; }

private:
    QLineEdit *endpoint_, *apiVersion_;
    DeploymentsTable *deployments_;
};

}  // namespace gatehouse
