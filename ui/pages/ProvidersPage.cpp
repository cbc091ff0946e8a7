#include "ProvidersPage.h"

#include "ChatProbe.h"
#include "GatewayController.h"
#include "catalog/ModelCatalog.h"
#include "config/LocalServers.h"
#include "config/ProviderKinds.h"
#include "models/ProviderTableModel.h"
#include "store/ConfigEdits.h"
#include "store/ConfigMasking.h"
#include "store/ConfigStore.h"
#include "widgets/ActionButton.h"
#include "widgets/ModelAliasesEditor.h"
#include "widgets/ProviderEditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse {

ProvidersPage::ProvidersPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      model_(new ProviderTableModel(this)),
      probe_(new ChatProbe(this)),
      stack_(new QStackedWidget(this)),
      table_(new QTableView(this)),
      empty_(new QLabel(this)),
      banner_(new QLabel(this)),
      editor_(new ProviderEditor(this)),
      aliases_(new ModelAliasesEditor(controller, this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Providers</h2>"), this));

    auto *bar = new QHBoxLayout;
    add_ = actionButton(tr("Add…"), QStringLiteral("add"), this);
    remove_ = actionButton(tr("Remove"), QStringLiteral("remove"), this);
    test_ = actionButton(tr("Test"), QStringLiteral("send"), this);
    test_->setToolTip(
        tr("Send a one-line chat completion to this provider through the "
           "gateway and show the outcome"));
    for (QToolButton *b : {add_, remove_, test_}) bar->addWidget(b);
    bar->addStretch(1);
    layout->addLayout(bar);

    banner_->setWordWrap(true);
    banner_->setVisible(false);
    banner_->setObjectName(QStringLiteral("providersBanner"));
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(banner_);

    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->setVisible(false);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(ProviderTableModel::Keys,
                                                     QHeaderView::Stretch);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setObjectName(QStringLiteral("providersEmpty"));
    stack_->addWidget(table_);
    stack_->addWidget(empty_);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(stack_);
    // Azure, Vertex and Bedrock keys add their settings below the keys: the
    // form scrolls instead of squeezing the tables.
    editorScroll_ = new QScrollArea(this);
    editorScroll_->setWidget(editor_);
    editorScroll_->setWidgetResizable(true);
    editorScroll_->setFrameShape(QFrame::NoFrame);
    split->addWidget(editorScroll_);
    split->addWidget(aliases_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 1);
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);

    connect(add_, &QToolButton::clicked, this, &ProvidersPage::startNewProvider);
    connect(remove_, &QToolButton::clicked, this, [this] {
        const QString name = selectedProvider();
        if (name.isEmpty()) return;
        if (QMessageBox::question(this, tr("Remove provider"),
                                  tr("Remove %1? Requests to %1/… will fail.").arg(name)) ==
            QMessageBox::Yes)
            removeProvider(name);
    });
    connect(test_, &QToolButton::clicked, this, [this] { testProvider(selectedProvider()); });
    connect(editor_, &ProviderEditor::applyRequested, this, &ProvidersPage::applyEdits);
    connect(editor_, &ProviderEditor::revertRequested, this, &ProvidersPage::loadEditor);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        loadEditor();
        updateState();
    });
    connect(model_, &QAbstractItemModel::modelReset, this, &ProvidersPage::updateState);
    connect(controller_, &GatewayController::started, this, &ProvidersPage::attach);
    connect(controller_, &GatewayController::stopped, this, &ProvidersPage::attach);
    connect(controller_, &GatewayController::gatewayChanged, this, &ProvidersPage::attach);
    attach();
}

void ProvidersPage::attach() {
    // Every change of the config, whoever made it (this page, /api/providers,
    // another gateway sharing the store, config.json), comes through here.
    connect(controller_->gateway(), &Gateway::configChanged, this, &ProvidersPage::reload,
            Qt::UniqueConnection);
    reload();
    connect(controller_->gateway(), &Gateway::configChanged, aliases_,
            &ModelAliasesEditor::reloadUnlessEdited, Qt::UniqueConnection);
    aliases_->reloadUnlessEdited();
}

void ProvidersPage::reload() {
    const QString selected = selectedProvider();
    QList<ProviderRow> rows;
    if (ConfigStore *store = controller_->gateway()->configStore()) {
        const auto content = store->content();
        const auto effective = store->effective();
        for (const ConfigItem &item : content->providers) {
            if (item.deleted) continue;
            ProviderRow row;
            row.name = item.name;
            row.source = item.source;
            row.masked = ConfigMasking::maskProvider(item.value.toObject());
            if (const ProviderConfig *p = effective->provider(item.name))
                row.effectiveBaseUrl = p->network.baseUrl;
            rows.append(row);
        }
    }
    model_->setProviders(rows);
    if (!selected.isEmpty() && selectedProvider() != selected) selectProvider(selected);
    // Someone else's change shows at once, unless it would overwrite typing.
    if (!editor_->isModified() && !editor_->isNew()) loadEditor();
    updateState();
}

void ProvidersPage::loadEditor() {
    const int row = model_->rowOf(selectedProvider());
    if (row < 0) {
        editor_->clear();
        return;
    }
    const ProviderRow provider = model_->providerAt(row);
    editor_->load(provider, defaultTestModel(provider.name));
}

QString ProvidersPage::defaultTestModel(const QString &name) const {
    ConfigStore *store = controller_->gateway()->configStore();
    const ProviderConfig *p = store ? store->effective()->provider(name) : nullptr;
    if (!p) return {};
    for (const QString &model : p->models())
        if (model != QLatin1String("*")) return model;
    // A local server (Ollama, LM Studio, vLLM, ...) has only the models it
    // pulled or loaded: the first one it lists, not a cloud model's name.
    const ModelCatalog *catalog = controller_->gateway()->modelCatalog();
    if (catalog && p->kind == ProviderKind::OpenAI &&
        (p->ollama || isLocalModelServer(name, p->network.baseUrl))) {
        const QStringList listed = catalog->listing(name).models;
        if (!listed.isEmpty()) return listed.first();
    }
    switch (p->kind) {
        case ProviderKind::Mock:
            return QStringLiteral("echo");
        case ProviderKind::Anthropic:
            return QStringLiteral("claude-3-5-haiku-latest");
        case ProviderKind::Gemini:
            return QStringLiteral("gemini-2.5-flash");
        case ProviderKind::Azure:
            return QStringLiteral("gpt-4o-mini");
        case ProviderKind::Bedrock:
            return QStringLiteral(
                "amazon.nova-lite-v1:0");  // on demand, without an inference profile
        default:
            return QStringLiteral("gpt-4o-mini");
    }
}

void ProvidersPage::updateState() {
    const bool open = controller_->gateway()->configStore() != nullptr;
    if (!open)
        empty_->setText(
            tr("<p style='font-size:large'>The gateway is stopped</p>"
               "<p>Start it to see and change its providers.</p>"));
    else
        empty_->setText(
            tr("<p style='font-size:large'>No providers yet</p>"
               "<p>Add one with <b>Add…</b>: a name such as <tt>openai</tt>, "
               "<tt>anthropic</tt> or <tt>ollama</tt>, its base URL and its key "
               "(or <tt>env.OPENAI_API_KEY</tt> to read it from the environment).</p>"
               "<p>The built-in <tt>mock</tt> provider needs no key. "
               "See <tt>docs/configuration.md</tt>.</p>"));
    const bool empty = !open || model_->rowCount() == 0;
    stack_->setCurrentWidget(empty ? static_cast<QWidget *>(empty_) : table_);
    const bool selected = model_->rowOf(selectedProvider()) >= 0;
    add_->setEnabled(open);
    remove_->setEnabled(open && selected);
    test_->setEnabled(controller_->isRunning() && selected);
    editorScroll_->setVisible(editor_->isNew() || selected);
    editor_->setVisible(editor_->isNew() || selected);
}

QString ProvidersPage::selectedProvider() const {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ProviderTableModel::NameRole).toString();
}

void ProvidersPage::selectProvider(const QString &name) {
    const int row = model_->rowOf(name);
    if (row >= 0)
        table_->selectRow(row);
    else
        table_->clearSelection();
}

QString ProvidersPage::lastMessage() const {
    return banner_->text();
}

QString ProvidersPage::emptyText() const {
    return stack_->currentWidget() == empty_ ? empty_->text() : QString();
}

void ProvidersPage::showMessage(const QString &text, bool problem) {
    banner_->setStyleSheet(problem ? QStringLiteral("color: #c0392b;")
                                   : QStringLiteral("color: #2e9d48;"));
    banner_->setText(text);
    banner_->setVisible(!text.isEmpty());
}

void ProvidersPage::startNewProvider() {
    table_->clearSelection();
    editor_->startNew();
    updateState();
    showMessage(tr("Name the new provider, set its base URL and key, then Apply."), false);
}

bool ProvidersPage::applyEdits() {
    QJsonObject provider;
    QString error;
    ConfigStore *store = controller_->gateway()->configStore();
    if (!store) error = tr("Start the gateway first: providers are kept in its store.");
    if (store && !editor_->build(&provider, &error)) store = nullptr;
    if (!store) {
        showMessage(tr("Not applied: %1").arg(error), true);
        emit applied(false);
        return false;
    }
    const bool create = editor_->isNew();
    const QString name = editor_->providerName();
    // Nothing changes until the store has checked the whole config with it.
    store->change(ConfigEdits::putProvider(name, provider, create), this,
                  [this, name, create](const ConfigStore::Result &r) {
                      if (!r.ok()) {
                          showMessage(tr("Not applied, nothing changed: %1").arg(r.error), true);
                          emit applied(false);
                          return;
                      }
                      reload();
                      if (create) editor_->clear();
                      selectProvider(name);
                      loadEditor();
                      updateState();
                      showMessage(create ? tr("Added %1; requests to %1/… use it now.").arg(name)
                                         : tr("Saved %1; new requests use it.").arg(name),
                                  false);
                      emit applied(true);
                  });
    return true;
}

void ProvidersPage::removeProvider(const QString &name) {
    ConfigStore *store = controller_->gateway()->configStore();
    if (!store || name.isEmpty()) {
        emit removed(false);
        return;
    }
    store->change(ConfigEdits::removeProvider(name), this,
                  [this, name](const ConfigStore::Result &r) {
                      if (r.ok()) {
                          reload();
                          showMessage(tr("Removed %1.").arg(name), false);
                      } else {
                          showMessage(tr("%1 was not removed: %2").arg(name, r.error), true);
                      }
                      emit removed(r.ok());
                  });
}

void ProvidersPage::testProvider(const QString &provider, const QString &givenModel) {
    if (provider.isEmpty()) return;
    QString model = givenModel;
    if (model.isEmpty() && editor_->providerName() == provider) model = editor_->testModel();
    if (model.isEmpty()) model = defaultTestModel(provider);
    if (!controller_->isRunning()) {
        showMessage(tr("Start the gateway to test %1.").arg(provider), true);
        emit testFinished(provider, false);
        return;
    }
    const QString target = provider + QLatin1Char('/') + model;
    model_->setTestResult(provider, ProviderTableModel::TestState::Running, tr("testing…"));
    showMessage(tr("Testing %1…").arg(target), false);
    probe_->send(controller_->gateway()->baseUrl(), target,
                 QStringLiteral("Reply with one word: ok"), 16,
                 [this, provider, target](const ChatProbeResult &r) {
                     const QString text = r.ok       ? tr("ok · %1 ms").arg(r.elapsedMs)
                                          : r.status ? tr("HTTP %1: %2").arg(r.status).arg(r.error)
                                                     : r.error;
                     model_->setTestResult(provider,
                                           r.ok ? ProviderTableModel::TestState::Ok
                                                : ProviderTableModel::TestState::Failed,
                                           text);
                     showMessage(r.ok ? tr("%1 answered in %2 ms.").arg(target).arg(r.elapsedMs)
                                      : tr("%1 failed: %2").arg(target, text),
                                 !r.ok);
                     emit testFinished(provider, r.ok);
                 });
}

}  // namespace gatehouse
