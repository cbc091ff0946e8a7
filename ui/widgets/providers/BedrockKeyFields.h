#pragma once

#include "KeySettingsFields.h"

class QLineEdit;

namespace gatehouse {

class DeploymentsTable;
class SecretField;

// A key's bedrock_key_config: the region, the AWS access key, secret key
// and session token (each may be env.VAR), the AWS profile (of
// ~/.aws/credentials) to sign with instead, and the model id or inference
// profile ARN serving each model. Without access keys or a profile the
// key's value is sent as a Bedrock API key, else the environment's
// credentials or its AWS_PROFILE profile of ~/.aws/credentials are used.
class BedrockKeyFields : public KeySettingsFields {
    Q_OBJECT
public:
    explicit BedrockKeyFields(QWidget *parent = nullptr);

    void load(const QJsonObject &key) override;
    void store(QJsonObject *key) const override;

    QLineEdit *regionEdit() const { return region_; }
    QLineEdit *accessKeyEdit() const { return accessKey_; }
    SecretField *secretKeyEdit() const { return secretKey_; }
    SecretField *sessionTokenEdit() const { return sessionToken_; }
    QLineEdit *profileEdit() const { return profile_; }
    DeploymentsTable *deployments() const { return deployments_; }

private:
    QLineEdit *region_, *accessKey_;
    SecretField *secretKey_, *sessionToken_;
    QLineEdit *profile_;
    DeploymentsTable *deployments_;
};

}  // namespace gatehouse
