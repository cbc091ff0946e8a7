#include "AzureKeyFields.h"

#include "DeploymentsTable.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace gatehouse {

namespace {
const QString kSettings = QStringLiteral("azure_key_config");
}

AzureKeyFields::AzureKeyFields(QWidget *parent)
    : KeySettingsFields(parent),
      endpoint_(new QLineEdit(this)),
      apiVersion_(new QLineEdit(this)),
      deployments_(
          new DeploymentsTable(tr("Deployment"),
                               tr("The deployment that serves each model; a model without one is "
                                  "its own deployment name"),
                               this)) {
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    endpoint_->setPlaceholderText(tr("https://my-resource.openai.azure.com or env.AZURE_ENDPOINT"));
    apiVersion_->setPlaceholderText(tr("2024-10-21 (default), or v1"));
    auto *auth = new QLabel(tr("The key's value is the resource's api-key, or an Entra ID "
                               "access token (eyJ…) sent as a bearer token."),
                            this);
    auth->setWordWrap(true);
    auth->setEnabled(false);
    form->addRow(tr("Endpoint"), endpoint_);
    form->addRow(tr("API version"), apiVersion_);
    form->addRow(tr("Deployments"), deployments_);
    form->addRow(QString(), auth);
    connect(endpoint_, &QLineEdit::textEdited, this, &KeySettingsFields::edited);
    connect(apiVersion_, &QLineEdit::textEdited, this, &KeySettingsFields::edited);
    connect(deployments_, &DeploymentsTable::edited, this, &KeySettingsFields::edited);
}

void AzureKeyFields::load(const QJsonObject &key) {
    const QJsonObject azure = key.value(kSettings).toObject();
    endpoint_->setText(azure.value(QStringLiteral("endpoint")).toString());
    apiVersion_->setText(azure.value(QStringLiteral("api_version")).toString());
    deployments_->setMap(azure.value(QStringLiteral("deployments")).toObject());
}

void AzureKeyFields::store(QJsonObject *key) const {
    QJsonObject azure = key->value(kSettings).toObject();
    auto put = [&](const QString &name, const QJsonValue &value, bool keep) {
        if (keep)
            azure.insert(name, value);
        else
            azure.remove(name);
    };
    const QString endpoint = endpoint_->text().trimmed();
    const QString version = apiVersion_->text().trimmed();
    const QJsonObject deployments = deployments_->map();
    put(QStringLiteral("endpoint"), endpoint, !endpoint.isEmpty());
    put(QStringLiteral("api_version"), version, !version.isEmpty());
    put(QStringLiteral("deployments"), deployments, !deployments.isEmpty());
    if (azure.isEmpty())
        key->remove(kSettings);
    else
        key->insert(kSettings, azure);
}

}  // namespace gatehouse
