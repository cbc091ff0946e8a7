#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>

namespace gatehouse {

// One provider as the panel shows it: the stored object with its keys
// already masked (env.VAR references stay as they are), never a raw key.
struct ProviderRow {
    QString name;
    QString source;            // "file", "api" or "default"
    QJsonObject masked;        // config.json's shape, keys masked
    QString effectiveBaseUrl;  // with the provider's default filled in ("" for mock)
};

// The config store's providers as a table, one row per provider in the
// store's order, plus the outcome of the last "Test" of each. Read-only:
// edits go through the page's editor and ConfigStore::change(). Main thread.
class ProviderTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, BaseUrl, Keys, Timeout, Retries, Source, LastTest, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1, TestOkRole };

    explicit ProviderTableModel(QObject *parent = nullptr);

    // Replaces the rows (keeps the views' selection when only values changed).
    void setProviders(const QList<ProviderRow> &rows);
    const QList<ProviderRow> &providers() const { return rows_; }
    int rowOf(const QString &name) const;
    ProviderRow providerAt(int row) const { return rows_.value(row); }

    // The last "Test" of a provider: running, "ok · 12 ms" or the error.
    enum class TestState { Running, Ok, Failed };
    void setTestResult(const QString &name, TestState state, const QString &text);
    QString testResult(const QString &name) const { return tests_.value(name).text; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct TestOutcome {
        TestState state = TestState::Running;
        QString text;
    };
    QList<ProviderRow> rows_;
    QHash<QString, TestOutcome> tests_;
};

// "key-1: sk-...abcd, env.ANTHROPIC_API_KEY", as the Keys column shows them.
QString providerKeysText(const QJsonObject &maskedProvider);

}  // namespace gatehouse
