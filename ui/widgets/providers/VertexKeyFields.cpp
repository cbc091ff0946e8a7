#include "VertexKeyFields.h"

#include "SecretField.h"

#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace gatehouse {

namespace {
const QString kSettings = QStringLiteral("vertex_key_config");
}

VertexKeyFields::VertexKeyFields(QWidget *parent)
    : KeySettingsFields(parent),
      project_(new QLineEdit(this)),
      region_(new QLineEdit(this)),
      credentials_(new SecretField(this)),
      browse_(new QPushButton(tr("Browse…"), this)) {
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    project_->setPlaceholderText(tr("my-project, or env.VERTEX_PROJECT_ID"));
    region_->setPlaceholderText(tr("us-central1 (default), or global"));
    credentials_->setPlaceholderText(
        tr("service account JSON file, env.VERTEX_CREDENTIALS, or the JSON itself"));
    credentials_->setToolTip(
        tr("Empty: the file GOOGLE_APPLICATION_CREDENTIALS names, or the key's value as an "
           "access token"));
    auto *credentialsRow = new QHBoxLayout;
    credentialsRow->addWidget(credentials_, 1);
    credentialsRow->addWidget(browse_);
    auto *auth = new QLabel(tr("Leave the service account empty to send the key's value as an "
                               "access token (ya29…)."),
                            this);
    auth->setWordWrap(true);
    auth->setEnabled(false);
    form->addRow(tr("Project"), project_);
    form->addRow(tr("Region"), region_);
    form->addRow(tr("Service account"), credentialsRow);
    form->addRow(QString(), auth);
    connect(project_, &QLineEdit::textEdited, this, &KeySettingsFields::edited);
    connect(region_, &QLineEdit::textEdited, this, &KeySettingsFields::edited);
    connect(credentials_, &QLineEdit::textEdited, this, &KeySettingsFields::edited);
    connect(browse_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("Service account key"), QDir::homePath(), tr("JSON key files (*.json)"));
        if (file.isEmpty()) return;
        credentials_->setSecret(file);
        emit edited();
    });
}

void VertexKeyFields::load(const QJsonObject &key) {
    const QJsonObject vertex = key.value(kSettings).toObject();
    project_->setText(vertex.value(QStringLiteral("project_id")).toString());
    region_->setText(vertex.value(QStringLiteral("region")).toString());
    credentials_->setSecret(vertex.value(QStringLiteral("auth_credentials")).toString());
}

void VertexKeyFields::store(QJsonObject *key) const {
    QJsonObject vertex = key->value(kSettings).toObject();
    auto put = [&](const QString &name, const QString &value) {
        if (value.isEmpty())
            vertex.remove(name);
        else
            vertex.insert(name, value);
    };
    put(QStringLiteral("project_id"), project_->text().trimmed());
    put(QStringLiteral("region"), region_->text().trimmed());
    put(QStringLiteral("auth_credentials"), credentials_->text().trimmed());
    if (vertex.isEmpty())
        key->remove(kSettings);
    else
        key->insert(kSettings, vertex);
}

}  // namespace gatehouse
