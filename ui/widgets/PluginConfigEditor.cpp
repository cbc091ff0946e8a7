#include "PluginConfigEditor.h"

#include "ConfigCheck.h"
#include "JsonEditor.h"
#include "SchemaForm.h"
#include "plugins/PluginManager.h"

#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

namespace gatehouse {

namespace {
QString pretty(const QJsonObject &o) {
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}
}  // namespace

PluginConfigEditor::PluginConfigEditor(QWidget *parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      editor_(new JsonEditor(this)),
      form_(new SchemaForm(this)),
      message_(new QLabel(this)),
      apply_(new QPushButton(tr("Apply"), this)),
      revert_(new QPushButton(tr("Revert"), this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_->setTextFormat(Qt::RichText);
    layout->addWidget(title_);
    tabs_->addTab(editor_, tr("JSON"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(form_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    tabs_->addTab(scroll, tr("Form"));
    layout->addWidget(tabs_, 1);
    message_->setWordWrap(true);
    message_->setObjectName(QStringLiteral("configMessage"));
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(message_);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(revert_);
    buttons->addWidget(apply_);
    apply_->setDefault(true);
    layout->addLayout(buttons);

    connect(apply_, &QPushButton::clicked, this, &PluginConfigEditor::apply);
    connect(revert_, &QPushButton::clicked, this, &PluginConfigEditor::revert);
    connect(editor_, &QPlainTextEdit::textChanged, this, [this] {
        if (editor_->markedLine() > 0) editor_->markErrorLine(0);
    });
    // The form writes into the text, so Apply always checks one thing.
    connect(form_, &SchemaForm::edited, this, [this] {
        const QSignalBlocker block(editor_);
        editor_->setPlainText(pretty(form_->value()));
    });
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == 1) syncFormFromText();
    });
    setPlugin(nullptr, PluginStatus{});
}

void PluginConfigEditor::setPlugin(Gateway *gateway, const PluginStatus &status) {
    gateway_ = gateway;
    name_ = status.name;
    schema_ = status.configSchema;
    running_ = status.config;
    const bool any = gateway && !name_.isEmpty();
    title_->setText(any ? tr("<b>%1</b> config").arg(name_.toHtmlEscaped())
                        : tr("Select a plugin to edit its config."));
    form_->setSchema(schema_);
    tabs_->setTabEnabled(1, SchemaForm::supports(schema_));
    tabs_->setTabToolTip(1, SchemaForm::supports(schema_)
                                ? QString()
                                : tr("This plugin's schema has no simple settings to show "
                                     "as a form; edit the JSON instead."));
    tabs_->setCurrentIndex(0);
    setEnabled(any);
    revert();
}

void PluginConfigEditor::revert() {
    editor_->setPlainText(name_.isEmpty() ? QString() : pretty(running_));
    editor_->markErrorLine(0);
    form_->setValue(running_);
    message_->clear();
}

void PluginConfigEditor::syncFormFromText() {
    const ConfigCheck check = checkPluginConfig(editor_->toPlainText(), QJsonObject{});
    if (!check.ok) {
        // The form cannot show text that is not JSON: stay on the text.
        tabs_->setCurrentIndex(0);
        editor_->markErrorLine(check.line);
        showProblem(tr("Fix the JSON before using the form. %1").arg(check.message));
        return;
    }
    form_->setValue(check.config);
}

bool PluginConfigEditor::apply() {
    if (!gateway_ || name_.isEmpty()) return false;
    const ConfigCheck check = checkPluginConfig(editor_->toPlainText(), schema_);
    if (!check.ok) {
        tabs_->setCurrentIndex(0);
        editor_->markErrorLine(check.line);
        showProblem(tr("Not applied. %1").arg(check.message));
        return false;
    }
    QString error;
    if (!gateway_->setPluginConfig(name_, check.config, &error)) {
        showProblem(tr("Not applied: %1").arg(error));
        return false;
    }
    running_ = check.config;
    form_->setValue(running_);
    showOk(tr("Applied: %1 was re-initialised with the new config.").arg(name_));
    emit applied(name_);
    return true;
}

QString PluginConfigEditor::message() const {
    return message_->text();
}

void PluginConfigEditor::showProblem(const QString &text) {
    message_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    message_->setText(text);
}

void PluginConfigEditor::showOk(const QString &text) {
    message_->setStyleSheet(QStringLiteral("color: #2e9d48;"));
    message_->setText(text);
}

}  // namespace gatehouse
