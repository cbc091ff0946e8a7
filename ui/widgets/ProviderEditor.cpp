#include "ProviderEditor.h"

#include "KeyValueDelegate.h"
#include "config/ProviderKinds.h"
#include "models/ProviderTableModel.h"
#include "providers/AzureKeyFields.h"
#include "providers/BedrockKeyFields.h"
#include "providers/ProviderKindChoice.h"
#include "providers/VertexKeyFields.h"

#include <QComboBox>

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gatehouse {

namespace {
const QString kNetwork = QStringLiteral("network_config");
const QString kContextWindow = QStringLiteral("context_window");
const QString kKeys = QStringLiteral("keys");
constexpr int kKeyRole = Qt::UserRole + 2;  // the row's key object (as loaded, plus settings)
// Where each kind keeps its settings inside a key; the others are dropped
// when the kind changes.
const char *const kSettingsObjects[] = {"azure_key_config", "vertex_key_config",
                                        "bedrock_key_config"};

QString settingsObjectOf(ProviderKind kind) {
    switch (kind) {
        case ProviderKind::Azure:
            return QStringLiteral("azure_key_config");
        case ProviderKind::Vertex:
            return QStringLiteral("vertex_key_config");
        case ProviderKind::Bedrock:
            return QStringLiteral("bedrock_key_config");
        default:
            return {};
    }
}

QString baseUrlHint(ProviderKind kind) {
    switch (kind) {
        case ProviderKind::Azure:
            return ProviderEditor::tr("optional: serves keys without an endpoint");
        case ProviderKind::Vertex:
            return ProviderEditor::tr(
                "optional: replaces https://{region}-aiplatform.googleapis.com");
        case ProviderKind::Bedrock:
            return ProviderEditor::tr(
                "optional: replaces https://bedrock-runtime.{region}.amazonaws.com");
        case ProviderKind::Mock:
            return ProviderEditor::tr("not used: the mock answers inside the gateway");
        default:
            return ProviderEditor::tr("the provider's default address");
    }
}

QSpinBox *secondsBox(int defaultSeconds, QWidget *parent) {
    auto *box = new QSpinBox(parent);
    box->setRange(0, 24 * 3600);
    box->setSuffix(ProviderEditor::tr(" s"));
    // 0 leaves it out of the config: the gateway's default applies.
    box->setSpecialValueText(ProviderEditor::tr("default (%1 s)").arg(defaultSeconds));
    box->setMinimumWidth(140);
    return box;
}

void setOrRemove(QJsonObject &object, const QString &key, const QJsonValue &value, bool keep) {
    if (keep)
        object.insert(key, value);
    else
        object.remove(key);
}
}  // namespace

ProviderEditor::ProviderEditor(QWidget *parent)
    : QWidget(parent),
      name_(new QLineEdit(this)),
      baseUrl_(new QLineEdit(this)),
      testModel_(new QLineEdit(this)),
      kind_(new QComboBox(this)),
      settingsBox_(new QGroupBox(this)),
      settingsStack_(new QStackedWidget(this)),
      timeout_(secondsBox(30, this)),
      streamIdle_(secondsBox(60, this)),
      retries_(new QSpinBox(this)),
      contextWindow_(new QSpinBox(this)),
      contextWindowLabel_(new QLabel(tr("Context window"), this)),
      keys_(new QTableWidget(0, KeyColumnCount, this)),
      addKey_(
          new QPushButton(QIcon(QStringLiteral(":/gatehouse/icons/add.svg")), tr("Add key"), this)),
      removeKey_(new QPushButton(QIcon(QStringLiteral(":/gatehouse/icons/remove.svg")),
                                 tr("Remove key"), this)),
      apply_(new QPushButton(tr("Apply"), this)),
      revert_(new QPushButton(tr("Revert"), this)),
      hint_(new QLabel(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    name_->setPlaceholderText(tr("e.g. openai, anthropic, ollama"));
    name_->setToolTip(tr("Requests name it in their model: \"<name>/<model>\""));
    baseUrl_->setPlaceholderText(tr("the provider's default address"));
    baseUrl_->setToolTip(
        tr("Where requests go, e.g. http://localhost:11434 for Ollama; "
           "/v1/... is appended"));
    retries_->setRange(0, 100);
    retries_->setToolTip(tr("Retries of 408/429/5xx answers and network failures"));
    testModel_->setPlaceholderText(tr("a model this provider serves"));
    form->addRow(tr("Name"), name_);
    for (ProviderKind kind : ProviderKindChoice::kinds())
        kind_->addItem(ProviderKindChoice::label(kind), int(kind));
    kind_->setToolTip(
        tr("The API the provider speaks. Names such as openai, anthropic, azure, vertex or "
           "bedrock fix it; any other name keeps the choice in custom_provider_config."));
    form->addRow(tr("Kind"), kind_);
    form->addRow(tr("Base URL"), baseUrl_);
    auto *timeouts = new QHBoxLayout;
    timeouts->addWidget(timeout_);
    timeouts->addSpacing(12);
    timeouts->addWidget(new QLabel(tr("Stream idle"), this));
    timeouts->addWidget(streamIdle_);
    timeouts->addSpacing(12);
    timeouts->addWidget(new QLabel(tr("Retries"), this));
    timeouts->addWidget(retries_);
    timeouts->addStretch(1);
    form->addRow(tr("Request timeout"), timeouts);
    contextWindow_->setRange(0, 16 * 1024 * 1024);
    contextWindow_->setSuffix(tr(" tokens"));
    contextWindow_->setSpecialValueText(tr("not set"));
    contextWindow_->setMinimumWidth(140);
    contextWindow_->setToolTip(
        tr("How many prompt tokens the server keeps (Ollama's num_ctx, LM Studio's and "
           "llama.cpp's context length): a prompt that fills it is marked as truncated in the "
           "request log. Not set: Ollama's default of 4096 is assumed for Ollama servers."));
    form->addRow(contextWindowLabel_, contextWindow_);

    keys_->setHorizontalHeaderLabels({tr("Key name"), tr("Value"), tr("Models"), tr("Weight")});
    keys_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    keys_->horizontalHeader()->setSectionResizeMode(KeyWeight, QHeaderView::ResizeToContents);
    keys_->verticalHeader()->setVisible(false);
    keys_->setSelectionBehavior(QAbstractItemView::SelectRows);
    keys_->setMinimumHeight(90);
    keys_->setMaximumHeight(170);
    keys_->setItemDelegateForColumn(KeyValue, new KeyValueDelegate(keys_));
    keys_->setToolTip(
        tr("Value: the key, or env.VARIABLE to read it from the environment. "
           "Stored keys show masked; leave them so to keep them. Models: "
           "comma-separated, empty for all. Weight: share of requests."));
    auto *keysColumn = new QVBoxLayout;
    keysColumn->addWidget(keys_);
    auto *keyButtons = new QHBoxLayout;
    keyButtons->addWidget(addKey_);
    keyButtons->addWidget(removeKey_);
    keyButtons->addStretch(1);
    keysColumn->addLayout(keyButtons);
    form->addRow(tr("Keys"), keysColumn);
    settingsStack_->addWidget(new QWidget(settingsStack_));  // kinds without key settings
    addSettingsFields(ProviderKind::Azure, new AzureKeyFields(settingsStack_));
    addSettingsFields(ProviderKind::Vertex, new VertexKeyFields(settingsStack_));
    addSettingsFields(ProviderKind::Bedrock, new BedrockKeyFields(settingsStack_));
    auto *settingsLayout = new QVBoxLayout(settingsBox_);
    settingsLayout->addWidget(settingsStack_);
    form->addRow(settingsBox_);
    form->addRow(tr("Test with model"), testModel_);
    layout->addLayout(form);
    layout->addStretch(1);

    hint_->setWordWrap(true);
    hint_->setEnabled(false);
    hint_->setText(
        tr("Changes apply to new requests at once and are kept in the store. "
           "Other settings of the provider (headers, concurrency) stay as they are."));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(hint_, 1);
    buttons->addWidget(revert_);
    buttons->addWidget(apply_);
    apply_->setDefault(true);
    layout->addLayout(buttons);

    connect(addKey_, &QPushButton::clicked, this, [this] { addKey(); });
    connect(removeKey_, &QPushButton::clicked, this, &ProviderEditor::removeSelectedKey);
    connect(apply_, &QPushButton::clicked, this, &ProviderEditor::applyRequested);
    connect(revert_, &QPushButton::clicked, this, &ProviderEditor::revertRequested);
    auto changed = [this] { setModified(true); };
    connect(name_, &QLineEdit::textEdited, this, changed);
    connect(baseUrl_, &QLineEdit::textEdited, this, changed);
    for (QSpinBox *box : {timeout_, streamIdle_, retries_, contextWindow_})
        connect(box, &QSpinBox::valueChanged, this, changed);
    connect(keys_, &QTableWidget::itemChanged, this, changed);
    connect(keys_, &QTableWidget::currentCellChanged, this,
            [this](int row) { showSettingsOf(row); });
    connect(kind_, &QComboBox::currentIndexChanged, this, &ProviderEditor::kindChanged);
    // A well-known name typed for a new provider picks its kind.
    connect(name_, &QLineEdit::textEdited, this, [this](const QString &text) {
        if (const auto known = ProviderKinds::kindForName(text.trimmed())) setKind(*known);
    });
    clear();
}

void ProviderEditor::addSettingsFields(ProviderKind kind, KeySettingsFields *fields) {
    fields_.insert(int(kind), fields);
    settingsStack_->addWidget(fields);
    connect(fields, &KeySettingsFields::edited, this, [this] { setModified(true); });
}

ProviderKind ProviderEditor::kind() const {
    return ProviderKind(kind_->currentData().toInt());
}

void ProviderEditor::setKind(ProviderKind kind) {
    const int index = kind_->findData(int(kind));
    if (index >= 0) kind_->setCurrentIndex(index);
}

void ProviderEditor::kindChanged() {
    flushSettings();
    KeySettingsFields *fields = settingsFields(kind());
    settingsStack_->setCurrentIndex(fields ? settingsStack_->indexOf(fields) : 0);
    settingsBox_->setVisible(fields != nullptr);
    baseUrl_->setPlaceholderText(baseUrlHint(kind()));
    const bool localServer = kind() == ProviderKind::OpenAI;
    contextWindowLabel_->setVisible(localServer);
    contextWindow_->setVisible(localServer);
    settingsRow_ = -1;
    settingsKind_ = kind();
    // Their settings live in a key: a new provider of such a kind gets one to hold them.
    if (fields && keys_->rowCount() == 0 && !loading_) addKey();
    showSettingsOf(keys_->currentRow() >= 0 ? keys_->currentRow() : 0);
    setModified(true);
}

void ProviderEditor::flushSettings() const {
    KeySettingsFields *fields = settingsFields(settingsKind_);
    QTableWidgetItem *item = settingsRow_ >= 0 && settingsRow_ < keys_->rowCount()
                                 ? keys_->item(settingsRow_, KeyName)
                                 : nullptr;
    if (!fields || !item) return;
    QJsonObject key = item->data(kKeyRole).toJsonObject();
    fields->store(&key);
    item->setData(kKeyRole, key);
}

void ProviderEditor::showSettingsOf(int row) {
    if (row >= 0 && row == settingsRow_ && settingsKind_ == kind()) return;
    flushSettings();
    settingsKind_ = kind();
    KeySettingsFields *fields = settingsFields(kind());
    QTableWidgetItem *item =
        row >= 0 && row < keys_->rowCount() ? keys_->item(row, KeyName) : nullptr;
    settingsRow_ = item ? row : -1;
    if (!fields) return;
    fields->setEnabled(item != nullptr);
    const bool wasLoading = loading_;
    loading_ = true;
    fields->load(item ? item->data(kKeyRole).toJsonObject() : QJsonObject());
    loading_ = wasLoading;
    const QString name = item ? item->text().trimmed() : QString();
    settingsBox_->setTitle(
        !item ? tr("%1 settings: add a key to hold them").arg(ProviderKindChoice::label(kind()))
        : name.isEmpty()
            ? tr("%1 settings of key %2").arg(ProviderKindChoice::label(kind())).arg(row + 1)
            : tr("%1 settings of key \"%2\"").arg(ProviderKindChoice::label(kind()), name));
}

void ProviderEditor::setModified(bool modified) {
    if (loading_) return;
    modified_ = modified;
    revert_->setEnabled(modified || isNew_);
}

void ProviderEditor::clear() {
    loading_ = true;
    original_ = {};
    isNew_ = false;
    name_->clear();
    baseUrl_->clear();
    testModel_->clear();
    timeout_->setValue(0);
    streamIdle_->setValue(0);
    retries_->setValue(0);
    contextWindow_->setValue(0);
    contextWindow_->setEnabled(true);
    contextWindow_->setSpecialValueText(tr("not set"));
    keys_->setRowCount(0);
    settingsRow_ = -1;
    setKind(ProviderKind::OpenAI);
    kindChanged();
    loading_ = false;
    setModified(false);
    setEnabled(false);
}

void ProviderEditor::startNew() {
    clear();
    isNew_ = true;
    setEnabled(true);
    name_->setReadOnly(false);
    name_->setFocus();
    setModified(false);
}

void ProviderEditor::load(const ProviderRow &row, const QString &testModel) {
    clear();
    loading_ = true;
    setEnabled(true);
    original_ = row.masked;
    name_->setText(row.name);
    name_->setReadOnly(true);  // a rename is a new provider: add it, remove this one
    const QJsonObject network = row.masked.value(kNetwork).toObject();
    baseUrl_->setText(network.value(QStringLiteral("base_url")).toString());
    timeout_->setValue(
        int(network.value(QStringLiteral("default_request_timeout_in_seconds")).toDouble()));
    streamIdle_->setValue(
        int(network.value(QStringLiteral("stream_idle_timeout_in_seconds")).toDouble()));
    retries_->setValue(network.value(QStringLiteral("max_retries")).toInt());
    const QJsonValue window = row.masked.value(kContextWindow);
    contextWindow_->setValue(window.isDouble() ? window.toInt() : 0);
    // A map by model is config.json's to edit: the field leaves it alone.
    contextWindow_->setEnabled(!window.isObject());
    if (window.isObject()) contextWindow_->setSpecialValueText(tr("set per model in config.json"));
    setKind(ProviderKindChoice::detect(row.name, row.masked));
    const QJsonArray keys = row.masked.value(kKeys).toArray();
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QJsonObject key = keys[i].toObject();
        QStringList models;
        for (const QJsonValue &m : key.value(QStringLiteral("models")).toArray())
            models << m.toString();
        const QJsonValue weight = key.value(QStringLiteral("weight"));
        addKey(key.value(QStringLiteral("name")).toString(),
               key.value(QStringLiteral("value")).toString(), models.join(QStringLiteral(", ")),
               weight.isDouble() ? QString::number(weight.toDouble()) : QString());
        keys_->item(int(i), KeyName)->setData(kKeyRole, key);
    }
    settingsRow_ = -1;
    kindChanged();
    testModel_->setText(testModel);
    loading_ = false;
    setModified(false);
}

void ProviderEditor::addKey(const QString &name, const QString &value, const QString &models,
                            const QString &weight) {
    const int row = keys_->rowCount();
    keys_->insertRow(row);
    const QString texts[KeyColumnCount] = {name, value, models, weight};
    for (int c = 0; c < KeyColumnCount; ++c) keys_->setItem(row, c, new QTableWidgetItem(texts[c]));
    keys_->item(row, KeyName)->setData(kKeyRole, QJsonObject());
    setModified(true);
}

void ProviderEditor::removeSelectedKey() {
    const int row = keys_->currentRow();
    if (row < 0) return;
    flushSettings();
    settingsRow_ = -1;
    keys_->removeRow(row);
    showSettingsOf(keys_->currentRow() >= 0 ? keys_->currentRow() : 0);
    setModified(true);
}

QString ProviderEditor::providerName() const {
    return name_->text().trimmed();
}

QString ProviderEditor::testModel() const {
    return testModel_->text().trimmed();
}

bool ProviderEditor::build(QJsonObject *out, QString *error) const {
    const QString name = providerName();
    if (name.isEmpty()) {
        *error = tr("Give the provider a name, e.g. \"openai\" or \"ollama\".");
        return false;
    }
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char(' '))) {
        *error = tr("\"%1\": provider names are used in model ids like \"openai/gpt-4o\", so "
                    "they must not contain '/' or spaces.")
                     .arg(name);
        return false;
    }
    QJsonObject provider = original_;
    if (!ProviderKindChoice::apply(name, kind(), &provider, error)) return false;
    flushSettings();
    const QString settingsObject = settingsObjectOf(kind());
    QJsonObject network = provider.value(kNetwork).toObject();
    const QString url = baseUrl_->text().trimmed();
    setOrRemove(network, QStringLiteral("base_url"), url, !url.isEmpty());
    setOrRemove(network, QStringLiteral("default_request_timeout_in_seconds"), timeout_->value(),
                timeout_->value() > 0);
    setOrRemove(network, QStringLiteral("stream_idle_timeout_in_seconds"), streamIdle_->value(),
                streamIdle_->value() > 0);
    setOrRemove(network, QStringLiteral("max_retries"), retries_->value(),
                retries_->value() > 0 || network.contains(QStringLiteral("max_retries")));
    setOrRemove(provider, kNetwork, network, !network.isEmpty());
    if (kind() != ProviderKind::OpenAI) {
        provider.remove(kContextWindow);
    } else if (!provider.value(kContextWindow).isObject()) {
        setOrRemove(provider, kContextWindow, contextWindow_->value(), contextWindow_->value() > 0);
    }

    QJsonArray keys;
    for (int row = 0; row < keys_->rowCount(); ++row) {
        auto text = [&](int column) {
            const QTableWidgetItem *item = keys_->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        // Starts from the loaded key, so fields the form does not show stay.
        QJsonObject key = keys_->item(row, KeyName)->data(kKeyRole).toJsonObject();
        for (const char *other : kSettingsObjects)
            if (QLatin1String(other) != settingsObject) key.remove(QLatin1String(other));
        if (text(KeyValue).isEmpty() && ProviderKindChoice::needsKeyValue(kind())) {
            *error = tr("Key %1 has no value: enter the key, or env.VARIABLE to read it from "
                        "the environment.")
                         .arg(row + 1);
            return false;
        }
        setOrRemove(key, QStringLiteral("name"), text(KeyName), !text(KeyName).isEmpty());
        key.insert(QStringLiteral("value"), text(KeyValue));
        QJsonArray models;
        for (const QString &m : text(KeyModels).split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!m.trimmed().isEmpty()) models.append(m.trimmed());
        setOrRemove(key, QStringLiteral("models"), models, !models.isEmpty());
        if (text(KeyWeight).isEmpty()) {
            key.remove(QStringLiteral("weight"));
        } else {
            bool ok = false;
            const double weight = text(KeyWeight).toDouble(&ok);
            if (!ok) {
                *error = tr("Key %1: the weight \"%2\" is not a number (e.g. 1 or 0.5).")
                             .arg(row + 1)
                             .arg(text(KeyWeight));
                return false;
            }
            key.insert(QStringLiteral("weight"), weight);
        }
        keys.append(key);
    }
    provider.insert(kKeys, keys);
    *out = provider;
    return true;
}

}  // namespace gatehouse
