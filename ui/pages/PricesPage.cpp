#include "PricesPage.h"

#include "Gateway.h"
#include "GatewayController.h"
#include "store/ConfigEdits.h"
#include "store/ConfigStore.h"
#include "widgets/ActionButton.h"
#include "widgets/PriceOverrideDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace gatehouse {

namespace {

// Cents as money is written ("$2.50"); finer prices in full ("$0.075").
QString usd(double amount) {
    const bool cents = std::abs(amount * 100 - std::round(amount * 100)) < 1e-9;
    return QStringLiteral("$") +
           (cents ? QString::number(amount, 'f', 2) : QString::number(amount, 'g', 6));
}

// "$2.50", "$1.25 (tiered)", or "—" for no price.
QString priceText(const QJsonValue &price) {
    if (price.isDouble()) return usd(price.toDouble());
    if (price.isObject())
        return QObject::tr("%1 (tiered)")
            .arg(usd(price.toObject().value(QLatin1String("base")).toDouble()));
    return QStringLiteral("—");
}

QString modelText(const QJsonValue &model) {
    return model.isObject()
               ? QString::fromUtf8(QJsonDocument(model.toObject()).toJson(QJsonDocument::Compact))
               : model.toString();
}

// The keys without a column, as "key: value" pairs.
QString otherText(const QJsonObject &entry) {
    QStringList parts;
    for (const char *key : {"output_reasoning_mtok", "requests_kcount", "context_window"}) {
        const QJsonValue v = entry.value(QLatin1String(key));
        if (!v.isUndefined())
            parts << QStringLiteral("%1: %2").arg(QLatin1String(key), priceFieldText(v));
    }
    return parts.join(QLatin1String(", "));
}

// One found price, for people: "$2.5 in, $10 out, $1.25 cached".
QString pricesText(const QJsonObject &prices) {
    QStringList parts;
    const struct {
        const char *key;
        const char *what;
    } shown[] = {{"input_mtok", "in"},
                 {"output_mtok", "out"},
                 {"cache_read_mtok", "cache read"},
                 {"cache_write_mtok", "cache write"}};
    for (const auto &s : shown)
        if (prices.contains(QLatin1String(s.key)))
            parts << QStringLiteral("%1 %2").arg(priceText(prices.value(QLatin1String(s.key))),
                                                 QObject::tr(s.what));
    return parts.isEmpty() ? QObject::tr("no per-token price")
                           : parts.join(QLatin1String(", ")) + QObject::tr(" per million tokens");
}

}  // namespace

PricesPage::PricesPage(GatewayController *controller, QWidget *parent)
    : QWidget(parent),
      controller_(controller),
      about_(new QLabel(this)),
      banner_(new QLabel(this)),
      table_(new QTableWidget(0, ColumnCount, this)),
      lookupProvider_(new QLineEdit(this)),
      lookupModel_(new QLineEdit(this)),
      lookupResult_(new QLabel(this)) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Prices</h2>"), this));
    about_->setWordWrap(true);
    layout->addWidget(about_);

    auto *bar = new QHBoxLayout;
    add_ = actionButton(tr("Add…"), QStringLiteral("add"), this);
    edit_ = actionButton(tr("Edit…"), QStringLiteral("settings"), this);
    remove_ = actionButton(tr("Remove"), QStringLiteral("remove"), this);
    bar->addWidget(add_);
    bar->addWidget(edit_);
    bar->addWidget(remove_);
    bar->addStretch(1);
    layout->addLayout(bar);

    banner_->setWordWrap(true);
    banner_->setVisible(false);
    layout->addWidget(banner_);

    table_->setHorizontalHeaderLabels({tr("Provider"), tr("Model"), tr("Input"), tr("Output"),
                                       tr("Cache read"), tr("Cache write"), tr("Other")});
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(Other, QHeaderView::Stretch);
    layout->addWidget(table_, 1);

    // Which price a request to a provider and model gets, and from where.
    auto *lookup = new QHBoxLayout;
    lookup->addWidget(new QLabel(tr("Look up:"), this));
    lookupProvider_->setPlaceholderText(tr("provider (openai, or a provider's name)"));
    lookupModel_->setPlaceholderText(tr("model"));
    lookup->addWidget(lookupProvider_, 1);
    lookup->addWidget(lookupModel_, 2);
    auto *go = new QPushButton(tr("Look up"), this);
    lookup->addWidget(go);
    layout->addLayout(lookup);
    lookupResult_->setWordWrap(true);
    lookupResult_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(lookupResult_);

    auto selectedRow = [this] {
        const auto rows = table_->selectionModel()->selectedRows();
        return rows.isEmpty() ? -1 : rows.first().row();
    };
    connect(add_, &QToolButton::clicked, this, [this] { askForOverride(-1); });
    connect(edit_, &QToolButton::clicked, this,
            [this, selectedRow] { askForOverride(selectedRow()); });
    connect(table_, &QTableWidget::cellDoubleClicked, this,
            [this](int row, int) { askForOverride(row); });
    connect(remove_, &QToolButton::clicked, this, [this, selectedRow] {
        if (selectedRow() >= 0) removeOverride(selectedRow());
    });
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this, selectedRow] {
        edit_->setEnabled(selectedRow() >= 0);
        remove_->setEnabled(selectedRow() >= 0);
    });
    auto look = [this] { lookUp(lookupProvider_->text(), lookupModel_->text()); };
    connect(go, &QPushButton::clicked, this, look);
    connect(lookupModel_, &QLineEdit::returnPressed, this, look);
    connect(controller_, &GatewayController::started, this, &PricesPage::refresh);
    connect(controller_, &GatewayController::gatewayChanged, this, [this] {
        connect(controller_->gateway(), &Gateway::configChanged, this, &PricesPage::refresh,
                Qt::UniqueConnection);
        refresh();
    });
    connect(controller_->gateway(), &Gateway::configChanged, this, &PricesPage::refresh,
            Qt::UniqueConnection);
    refresh();
}

void PricesPage::say(const QString &message, bool error) {
    message_ = message;
    banner_->setText(message);
    banner_->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
    banner_->setVisible(!message.isEmpty());
}

void PricesPage::refresh() {
    const bool running = controller_->isRunning();
    const QJsonObject shown = running ? controller_->gateway()->priceOverrides() : QJsonObject();
    const QJsonObject catalogue = shown.value(QLatin1String("catalogue")).toObject();
    about_->setText(
        running ? tr("Requests are priced from the built-in catalogue (%1 %2, %3 models) and the "
                     "overrides below, which beat it. Overrides are tried in order; the first "
                     "that matches a provider and model wins.")
                      .arg(catalogue.value(QLatin1String("package")).toString(),
                           catalogue.value(QLatin1String("version")).toString())
                      .arg(catalogue.value(QLatin1String("models")).toInt())
                : tr("The gateway is stopped."));
    add_->setEnabled(running);
    overrides_ = shown.value(QLatin1String("pricing")).toArray();
    const int selected = table_->currentRow();
    table_->setRowCount(int(overrides_.size()));
    for (int row = 0; row < overrides_.size(); ++row) {
        const QJsonObject e = overrides_.at(row).toObject();
        const QStringList cells{e.value(QLatin1String("provider")).toString(),
                                modelText(e.value(QLatin1String("model"))),
                                priceText(e.value(QLatin1String("input_mtok"))),
                                priceText(e.value(QLatin1String("output_mtok"))),
                                priceText(e.value(QLatin1String("cache_read_mtok"))),
                                priceText(e.value(QLatin1String("cache_write_mtok"))),
                                otherText(e)};
        for (int c = 0; c < cells.size(); ++c)
            table_->setItem(row, c, new QTableWidgetItem(cells.at(c)));
    }
    if (selected >= 0 && selected < table_->rowCount()) table_->selectRow(selected);
    const bool any = !table_->selectionModel()->selectedRows().isEmpty();
    edit_->setEnabled(running && any);
    remove_->setEnabled(running && any);
}

void PricesPage::apply(const QJsonArray &overrides) {
    ConfigStore *store = controller_->isRunning() ? controller_->gateway()->configStore() : nullptr;
    if (!store) {
        say(tr("The gateway is stopped: start it to change prices."), true);
        emit applied(false);
        return;
    }
    store->change(ConfigEdits::putPricing(overrides), this, [this](const ConfigStore::Result &r) {
        if (!r.ok()) {
            say(tr("Not applied, nothing changed: %1").arg(r.error), true);
            emit applied(false);
            return;
        }
        refresh();
        say(tr("Applied: new requests are priced with these prices."), false);
        emit applied(true);
    });
}

void PricesPage::addOverride(const QJsonObject &entry) {
    QJsonArray next = overrides_;
    next.append(entry);
    apply(next);
}

void PricesPage::replaceOverride(int row, const QJsonObject &entry) {
    if (row < 0 || row >= overrides_.size()) return;
    QJsonArray next = overrides_;
    next.replace(row, entry);
    apply(next);
}

void PricesPage::removeOverride(int row) {
    if (row < 0 || row >= overrides_.size()) return;
    QJsonArray next = overrides_;
    next.removeAt(row);
    apply(next);
}

void PricesPage::askForOverride(int row) {
    const bool editing = row >= 0 && row < overrides_.size();
    const auto entry =
        askForPriceOverride(this, editing ? overrides_.at(row).toObject() : QJsonObject());
    if (!entry) return;
    if (editing)
        replaceOverride(row, *entry);
    else
        addOverride(*entry);
}

QString PricesPage::lookUp(const QString &provider, const QString &model) {
    // Shown in the fields too when asked from outside them.
    if (lookupProvider_->text() != provider) lookupProvider_->setText(provider);
    if (lookupModel_->text() != model) lookupModel_->setText(model);
    QString text;
    if (!controller_->isRunning()) {
        text = tr("The gateway is stopped.");
    } else if (provider.trimmed().isEmpty() || model.trimmed().isEmpty()) {
        text = tr("Give a provider and a model.");
    } else {
        const QJsonObject found =
            controller_->gateway()->priceLookup(provider.trimmed(), model.trimmed());
        const QJsonObject price = found.value(QLatin1String("price")).toObject();
        const QJsonObject listed = found.value(QLatin1String("catalogue")).toObject();
        const QString who = found.value(QLatin1String("catalog_provider")).toString();
        if (price.isEmpty()) {
            text = tr("No price: %1.").arg(found.value(QLatin1String("note")).toString());
        } else if (price.value(QLatin1String("source")).toString() == QLatin1String("override")) {
            text = tr("%1 at %2: %3, from your override #%4.")
                       .arg(model.trimmed(), who,
                            pricesText(price.value(QLatin1String("prices")).toObject()))
                       .arg(price.value(QLatin1String("override_index")).toInt() + 1);
            text += listed.isEmpty()
                        ? tr(" The catalogue has no price for it.")
                        : tr(" The catalogue says %1.")
                              .arg(pricesText(listed.value(QLatin1String("prices")).toObject()));
        } else {
            text = tr("%1 at %2: %3, from the catalogue (as %4 at %5).")
                       .arg(model.trimmed(), who,
                            pricesText(price.value(QLatin1String("prices")).toObject()),
                            price.value(QLatin1String("matched")).toString(),
                            price.value(QLatin1String("priced_by")).toString());
        }
    }
    lookupResult_->setText(text);
    return text;
}

}  // namespace gatehouse
