#include "BedrockKeyFields.h"

#include "DeploymentsTable.h"
#include "SecretField.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace gatehouse {

namespace {
const QString kSettings = QStringLiteral("bedrock_key_config");
}

BedrockKeyFields::BedrockKeyFields(QWidget *parent)
    : KeySettingsFields(parent),
      region_(new QLineEdit(this)),
      accessKey_(new QLineEdit(this)),
      secretKey_(new SecretField(this)),
      sessionToken_(new SecretField(this)),
      profile_(new QLineEdit(this)),
      deployments_(new DeploymentsTable(
          tr("Model id or inference profile ARN"),
          tr("What each model is sent as, e.g. us.anthropic.claude-3-5-haiku-20241022-v1:0; "
             "a model without one is sent as its own id"),
          this)) {
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    region_->setPlaceholderText(tr("us-east-1 (else AWS_REGION, AWS_DEFAULT_REGION)"));
    accessKey_->setPlaceholderText(tr("AKIA…, or env.AWS_ACCESS_KEY_ID"));
    secretKey_->setPlaceholderText(tr("or env.AWS_SECRET_ACCESS_KEY"));
    sessionToken_->setPlaceholderText(tr("optional; or env.AWS_SESSION_TOKEN"));
    profile_->setPlaceholderText(tr("a profile of ~/.aws/credentials, instead of access keys"));
    auto *auth = new QLabel(
        tr("Without an access key the AWS profile signs (its region from ~/.aws/config "
           "when none is set here); without either the key's value is sent as a Bedrock API "
           "key; without that, the environment's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY "
           "are used, else the AWS_PROFILE profile (default \"default\") of "
           "~/.aws/credentials."),
        this);
    auth->setWordWrap(true);
    auth->setEnabled(false);
    form->addRow(tr("Region"), region_);
    form->addRow(tr("Access key"), accessKey_);
    form->addRow(tr("Secret key"), secretKey_);
    form->addRow(tr("Session token"), sessionToken_);
    form->addRow(tr("AWS profile"), profile_);
    form->addRow(tr("Deployments"), deployments_);
    form->addRow(QString(), auth);
    for (QLineEdit *edit : {region_, accessKey_, static_cast<QLineEdit *>(secretKey_),
                            static_cast<QLineEdit *>(sessionToken_), profile_})
        connect(edit, &QLineEdit::textEdited, this, &KeySettingsFields::edited);
    connect(deployments_, &DeploymentsTable::edited, this, &KeySettingsFields::edited);
}

void BedrockKeyFields::load(const QJsonObject &key) {
    const QJsonObject bedrock = key.value(kSettings).toObject();
    region_->setText(bedrock.value(QStringLiteral("region")).toString());
    accessKey_->setText(bedrock.value(QStringLiteral("access_key")).toString());
    secretKey_->setSecret(bedrock.value(QStringLiteral("secret_key")).toString());
    sessionToken_->setSecret(bedrock.value(QStringLiteral("session_token")).toString());
    profile_->setText(bedrock.value(QStringLiteral("profile")).toString());
    deployments_->setMap(bedrock.value(QStringLiteral("deployments")).toObject());
}

void BedrockKeyFields::store(QJsonObject *key) const {
    QJsonObject bedrock = key->value(kSettings).toObject();
    auto put = [&](const QString &name, const QJsonValue &value, bool keep) {
        if (keep)
            bedrock.insert(name, value);
        else
            bedrock.remove(name);
    };
    for (const auto &[name, edit] :
         {std::pair<QString, const QLineEdit *>{QStringLiteral("region"), region_},
          {QStringLiteral("access_key"), accessKey_},
          {QStringLiteral("secret_key"), secretKey_},
          {QStringLiteral("session_token"), sessionToken_},
          {QStringLiteral("profile"), profile_}}) {
        const QString value = edit->text().trimmed();
        put(name, value, !value.isEmpty());
    }
    const QJsonObject deployments = deployments_->map();
    put(QStringLiteral("deployments"), deployments, !deployments.isEmpty());
    if (bedrock.isEmpty())
        key->remove(kSettings);
    else
        key->insert(kSettings, bedrock);
}

}  // namespace gatehouse
