// The providers page against a real gateway: what it lists (keys masked),
// edits that reach the running gateway through its config store, edits it
// refuses, and the "Test" button's real request.
#include "PanelTestEnv.h"

#include "FakeUpstream.h"
#include "GatewayHarness.h"
#include "TestHttpClient.h"
#include "catalog/ModelCatalog.h"
#include "models/ProviderTableModel.h"
#include "pages/ProvidersPage.h"
#include "store/ConfigEdits.h"
#include "store/ConfigStore.h"
#include "widgets/ModelAliasesEditor.h"
#include "widgets/ProviderEditor.h"

#include <gtest/gtest.h>
#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QTcpServer>
#include <QTest>
#include <QToolButton>
#include <memory>

namespace gatehouse {
namespace {

const QString kRawKey = QStringLiteral("sk-test-1234567890abcdef");

// Everything the table shows, to look for a raw key in it.
QString allText(const QAbstractItemModel &model) {
    QString text;
    for (int r = 0; r < model.rowCount(); ++r)
        for (int c = 0; c < model.columnCount(); ++c)
            text += model.index(r, c).data().toString() + QLatin1Char('\n');
    return text;
}

// A port nothing listens on (taken, then let go).
quint16 closedPort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

class Providers : public ::testing::Test {
protected:
    Providers() {
        // The second key's variable: set, so whichever key serves a request works.
        qputenv("LOCAL_SPARE_KEY", "sk-spare-0000000000000000");
        EXPECT_TRUE(upstream.start());
        const QByteArray providers =
            R"({"mock": {"keys": []}, "local": {"keys": [{"name": "main", "value": ")" +
            kRawKey.toUtf8() +
            R"("}, {"name": "spare", "value": "env.LOCAL_SPARE_KEY", "models": ["other"]}],
                "network_config": {"base_url": ")" +
            upstream.baseUrl().toUtf8() + R"("}}})";
        env = std::make_unique<PanelTestEnv>("[]", providers);
        page = std::make_unique<ProvidersPage>(&env->controller());
        page->resize(1000, 700);
        page->show();
    }
    ConfigStore *store() const { return env->controller().gateway()->configStore(); }
    const ProviderConfig *effective(const QString &name) const {
        return env->controller().gateway()->config().provider(name);
    }
    // Clicks Apply and waits for the store's answer.
    bool apply() {
        QSignalSpy applied(page.get(), &ProvidersPage::applied);
        // Lays out what the last steps showed, as the event loop would before a real click.
        QCoreApplication::processEvents();
        QTest::mouseClick(page->editor()->applyButton(), Qt::LeftButton);
        if (applied.isEmpty() && !applied.wait(10000)) return false;
        return applied.first().first().toBool();
    }
    bool test(const QString &name) {
        page->selectProvider(name);
        QSignalSpy finished(page.get(), &ProvidersPage::testFinished);
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        if (finished.isEmpty() && !finished.wait(15000)) return false;
        return finished.first().at(1).toBool();
    }
    int chat(const QString &model) const {
        return TestHttpClient::post(env->port(), "/v1/chat/completions", chatBody(model, "hi"))
            .status;
    }

    QList<ModelAlias> effectiveAliases() const {
        return env->controller().gateway()->config().client.modelAliases;
    }

    FakeUpstream upstream;
    std::unique_ptr<PanelTestEnv> env;
    std::unique_ptr<ProvidersPage> page;
};

// Model aliases typed into the page's table reach the running gateway: a
// request for the aliased name is answered by the alias's target.
TEST_F(Providers, AModelAliasTypedInRoutesTheNameToItsTarget) {
    ModelAliasesEditor *aliases = page->aliases();
    ASSERT_EQ(aliases->table()->rowCount(), 0);
    // Without an alias the name goes to a provider that does not exist.
    EXPECT_EQ(chat("claude-sonnet-4-5"), 400);
    aliases->addRow("claude-sonnet-*", "local/qwen3-coder", "openai-chat");
    QSignalSpy applied(aliases, &ModelAliasesEditor::applied);
    aliases->apply();
    ASSERT_TRUE(!applied.isEmpty() || applied.wait(10000));
    ASSERT_TRUE(applied.first().first().toBool()) << aliases->message().toStdString();
    ASSERT_EQ(effectiveAliases().size(), 1);
    EXPECT_EQ(effectiveAliases().first().endpoints, QStringList{"openai-chat"});
    EXPECT_EQ(chat("claude-sonnet-4-5"), 200);
    EXPECT_EQ(QJsonDocument::fromJson(upstream.lastRequestBody())["model"].toString(),
              "qwen3-coder");
    EXPECT_FALSE(aliases->isModified());
    EXPECT_EQ(aliases->table()->item(0, ModelAliasesEditor::Target)->text(), "local/qwen3-coder");
}

TEST_F(Providers, ARefusedAliasSaysWhichEntryAndChangesNothing) {
    ModelAliasesEditor *aliases = page->aliases();
    aliases->addRow("gpt-5*", "local/coder");
    aliases->addRow("claude-*", "no-slash");
    QSignalSpy applied(aliases, &ModelAliasesEditor::applied);
    aliases->apply();
    ASSERT_TRUE(!applied.isEmpty() || applied.wait(10000));
    EXPECT_FALSE(applied.first().first().toBool());
    EXPECT_TRUE(aliases->message().contains("client.model_aliases[1].target"))
        << aliases->message().toStdString();
    EXPECT_TRUE(effectiveAliases().isEmpty());
    // The typing is kept for the user to fix.
    EXPECT_EQ(aliases->table()->rowCount(), 2);
    EXPECT_TRUE(aliases->isModified());
}

// An alias set elsewhere (the API, another gateway) shows on the page.
TEST_F(Providers, AnAliasSetThroughTheStoreShowsInTheTable) {
    QSignalSpy changed(env->controller().gateway(), &Gateway::configChanged);
    bool done = false;
    store()->change(
        ConfigEdits::putSections(
            QJsonDocument::fromJson(
                R"({"client":{"model_aliases":[{"match":"gpt-5-codex","target":"local/coder"}]}})")
                .object(),
            QString()),
        page.get(), [&](const ConfigStore::Result &r) {
            EXPECT_TRUE(r.ok()) << r.error.toStdString();
            done = true;
        });
    ASSERT_TRUE(QTest::qWaitFor([&] { return done; }, 10000));
    ASSERT_TRUE(QTest::qWaitFor([&] { return page->aliases()->table()->rowCount() == 1; }, 10000));
    EXPECT_EQ(page->aliases()->table()->item(0, ModelAliasesEditor::Match)->text(), "gpt-5-codex");
}

TEST_F(Providers, ListsTheConfiguredProvidersWithMaskedKeys) {
    ProviderTableModel *model = page->model();
    ASSERT_EQ(model->rowCount(), 2);
    const int local = model->rowOf("local");
    ASSERT_GE(local, 0);
    const QString keys = model->index(local, ProviderTableModel::Keys).data().toString();
    EXPECT_TRUE(keys.contains("main: sk-...cdef")) << keys.toStdString();
    // An environment reference is a name, not a secret: shown as it is.
    EXPECT_TRUE(keys.contains("spare: env.LOCAL_SPARE_KEY")) << keys.toStdString();
    EXPECT_EQ(model->index(local, ProviderTableModel::BaseUrl).data().toString(),
              upstream.baseUrl());
    EXPECT_FALSE(allText(*model).contains(kRawKey));
    // Nor does the editor ever hold the stored key.
    page->selectProvider("local");
    QTableWidget *keyTable = page->editor()->keysTable();
    ASSERT_EQ(keyTable->rowCount(), 2);
    EXPECT_EQ(keyTable->item(0, ProviderEditor::KeyValue)->text(), "sk-...cdef");
    EXPECT_EQ(keyTable->item(1, ProviderEditor::KeyValue)->text(), "env.LOCAL_SPARE_KEY");
    EXPECT_EQ(keyTable->item(1, ProviderEditor::KeyModels)->text(), "other");
}

TEST_F(Providers, AKeyTypedInShowsMasked) {
    page->selectProvider("local");
    page->editor()->addKey("new", "sk-typed-abcdefghijklmnop");
    QTableWidget *keyTable = page->editor()->keysTable();
    QAbstractItemDelegate *delegate = keyTable->itemDelegateForColumn(ProviderEditor::KeyValue);
    auto *styled = qobject_cast<QStyledItemDelegate *>(delegate);
    ASSERT_TRUE(styled);
    const QModelIndex typed = keyTable->model()->index(2, ProviderEditor::KeyValue);
    EXPECT_EQ(styled->displayText(typed.data(), QLocale()), "sk-...mnop");
    const QModelIndex reference = keyTable->model()->index(1, ProviderEditor::KeyValue);
    EXPECT_EQ(styled->displayText(reference.data(), QLocale()), "env.LOCAL_SPARE_KEY");
    // What is sent is the key itself, of course.
    QJsonObject provider;
    QString error;
    ASSERT_TRUE(page->editor()->build(&provider, &error)) << error.toStdString();
    EXPECT_EQ(provider["keys"].toArray()[2].toObject()["value"].toString(),
              "sk-typed-abcdefghijklmnop");
}

TEST_F(Providers, EditingBaseUrlAndTimeoutAppliesToTheRunningGateway) {
    FakeUpstream second;
    ASSERT_TRUE(second.start());
    page->selectProvider("local");
    page->editor()->baseUrlEdit()->setText(second.baseUrl());
    page->editor()->timeoutEdit()->setValue(7);
    page->editor()->retriesEdit()->setValue(2);
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();

    ASSERT_TRUE(effective("local"));
    EXPECT_EQ(effective("local")->network.baseUrl, second.baseUrl());
    EXPECT_EQ(effective("local")->network.requestTimeoutMs, 7000);
    EXPECT_EQ(effective("local")->network.maxRetries, 2);
    // A real request now goes to the new address, with the stored key: the
    // masked value the editor sent back kept it.
    EXPECT_EQ(chat("local/gpt-4o-mini"), 200);
    EXPECT_EQ(second.requestCount(), 1);
    EXPECT_EQ(upstream.requestCount(), 0);
    EXPECT_EQ(second.lastRequestHeaders().value("authorization"), "Bearer " + kRawKey.toUtf8());
    // The table shows the new values, still masked.
    const int row = page->model()->rowOf("local");
    EXPECT_EQ(page->model()->index(row, ProviderTableModel::BaseUrl).data().toString(),
              second.baseUrl());
    EXPECT_EQ(page->model()->index(row, ProviderTableModel::Timeout).data().toString(), "7 s");
    EXPECT_FALSE(allText(*page->model()).contains(kRawKey));
}

TEST_F(Providers, AnInvalidEditIsRefusedAndNothingChanges) {
    const qint64 revision = store()->content()->revision;
    page->selectProvider("local");
    page->editor()->baseUrlEdit()->setText("localhost:8000");  // no scheme
    page->editor()->timeoutEdit()->setValue(9);
    EXPECT_FALSE(apply());
    EXPECT_TRUE(page->lastMessage().contains("base_url")) << page->lastMessage().toStdString();
    EXPECT_TRUE(page->lastMessage().contains("nothing changed"))
        << page->lastMessage().toStdString();

    // A negative timeout cannot even be entered: the field stops at "default".
    page->editor()->timeoutEdit()->setValue(-5);
    EXPECT_EQ(page->editor()->timeoutEdit()->value(), 0);
    EXPECT_EQ(page->editor()->timeoutEdit()->text(), "default (30 s)");
    page->editor()->timeoutEdit()->setValue(9);

    // A weight that is no number, and one below zero.
    page->editor()->baseUrlEdit()->setText(upstream.baseUrl());
    page->editor()->keysTable()->item(0, ProviderEditor::KeyWeight)->setText("heavy");
    EXPECT_FALSE(apply());
    EXPECT_TRUE(page->lastMessage().contains("not a number")) << page->lastMessage().toStdString();
    page->editor()->keysTable()->item(0, ProviderEditor::KeyWeight)->setText("-1");
    EXPECT_FALSE(apply());
    EXPECT_TRUE(page->lastMessage().contains("weight")) << page->lastMessage().toStdString();

    // Not half of it either: the timeout did not go in with the refused URL.
    EXPECT_EQ(store()->content()->revision, revision);
    EXPECT_EQ(effective("local")->network.baseUrl, upstream.baseUrl());
    EXPECT_EQ(effective("local")->network.requestTimeoutMs, 30000);
    EXPECT_EQ(chat("local/gpt-4o-mini"), 200);
    EXPECT_EQ(upstream.requestCount(), 1);
}

TEST_F(Providers, TestOnTheMockProviderShowsSuccess) {
    EXPECT_TRUE(test("mock")) << page->lastMessage().toStdString();
    const QString result = page->model()->testResult("mock");
    EXPECT_TRUE(result.startsWith("ok · ")) << result.toStdString();
    EXPECT_TRUE(result.endsWith(" ms")) << result.toStdString();
    const int row = page->model()->rowOf("mock");
    EXPECT_EQ(page->model()->index(row, ProviderTableModel::LastTest).data().toString(), result);
    EXPECT_TRUE(page->lastMessage().contains("mock/echo answered"))
        << page->lastMessage().toStdString();
}

TEST_F(Providers, TestReachesTheConfiguredUpstream) {
    EXPECT_TRUE(test("local")) << page->lastMessage().toStdString();
    EXPECT_EQ(upstream.requestCount(), 1);
    // The model the provider's keys list, as the page chose it.
    EXPECT_EQ(page->defaultTestModel("local"), "other");
    EXPECT_TRUE(upstream.lastRequestBody().contains("\"other\""))
        << upstream.lastRequestBody().toStdString();
}

TEST_F(Providers, AddedProviderWithAnUnreachableBaseUrlTestsAsAnError) {
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(closedPort());
    QTest::mouseClick(page->addButton(), Qt::LeftButton);  // Add…
    ASSERT_TRUE(page->editor()->isNew());
    page->editor()->nameEdit()->setText("down");
    page->editor()->baseUrlEdit()->setText(url);
    page->editor()->addKey("only", "sk-down-0000000000000000");
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    ASSERT_TRUE(effective("down"));
    EXPECT_EQ(effective("down")->network.baseUrl, url);
    EXPECT_EQ(page->selectedProvider(), "down");
    EXPECT_FALSE(allText(*page->model()).contains("sk-down-0000000000000000"));

    EXPECT_FALSE(test("down"));
    const QString result = page->model()->testResult("down");
    EXPECT_TRUE(result.startsWith("HTTP 5")) << result.toStdString();
    EXPECT_GT(result.size(), 12) << "the error says what went wrong";
    EXPECT_TRUE(page->lastMessage().contains("down/gpt-4o-mini failed"))
        << page->lastMessage().toStdString();
}

TEST_F(Providers, RemovingAProviderTakesItOutOfTheGateway) {
    QSignalSpy removed(page.get(), &ProvidersPage::removed);
    page->removeProvider("local");
    ASSERT_TRUE(removed.wait(10000));
    EXPECT_TRUE(removed.first().first().toBool());
    EXPECT_EQ(page->model()->rowOf("local"), -1);
    EXPECT_EQ(effective("local"), nullptr);
    EXPECT_NE(chat("local/gpt-4o-mini"), 200);
}

TEST_F(Providers, ChangesMadeElsewhereShowAtOnce) {
    // As /api/providers or another gateway sharing the store would.
    bool finished = false;
    store()->change(ConfigEdits::removeProvider("mock"), page.get(),
                    [&](const ConfigStore::Result &) { finished = true; });
    ASSERT_TRUE(waitUntil([&] { return finished; }));
    EXPECT_TRUE(waitUntil([&] { return page->model()->rowOf("mock") < 0; }));
    EXPECT_EQ(page->model()->rowCount(), 1);
}

// The context window of a local server, typed in the editor, reaches the
// running gateway (the context guard reads it) and shows again on load;
// cleared, it leaves the config.
TEST_F(Providers, AContextWindowTypedInReachesTheGateway) {
    page->selectProvider("local");
    ASSERT_TRUE(page->editor()->contextWindowEdit()->isVisibleTo(page.get()));
    page->editor()->contextWindowEdit()->setValue(32768);
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    ASSERT_TRUE(effective("local"));
    EXPECT_EQ(effective("local")->contextWindow, 32768);

    page->selectProvider("mock");
    page->selectProvider("local");
    EXPECT_EQ(page->editor()->contextWindowEdit()->value(), 32768);
    page->editor()->contextWindowEdit()->setValue(0);
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    EXPECT_EQ(effective("local")->contextWindow, 0);
}

// An Ollama provider has no model of its own in the config: Test asks the
// first model the server lists, not a cloud model's name it never pulled.
TEST(ProvidersLocal, TestOnALocalServerUsesAModelItLists) {
    FakeUpstream upstream;
    ASSERT_TRUE(upstream.start());
    const QByteArray providers = R"({"ollama": {"keys": [], "ollama_api": "openai",
        "network_config": {"base_url": ")" +
                                 upstream.baseUrl().toUtf8() + R"("}}})";
    PanelTestEnv env("[]", providers, /*listProviderModels=*/true);
    const ModelCatalog *catalog = env.controller().gateway()->modelCatalog();
    ASSERT_TRUE(catalog);
    ASSERT_TRUE(waitUntil([&] { return catalog->listing("ollama").listed; }, 10000));
    ProvidersPage page(&env.controller());
    EXPECT_EQ(page.defaultTestModel("ollama"), "fake-model");
    page.selectProvider("ollama");
    QSignalSpy finished(&page, &ProvidersPage::testFinished);
    QTest::mouseClick(page.testButton(), Qt::LeftButton);
    ASSERT_TRUE(!finished.isEmpty() || finished.wait(15000));
    EXPECT_TRUE(finished.first().at(1).toBool()) << page.lastMessage().toStdString();
    EXPECT_TRUE(upstream.lastRequestBody().contains("\"fake-model\""))
        << upstream.lastRequestBody().toStdString();
}

TEST(ProvidersEmpty, ANewcomerIsToldWhatToDo) {
    PanelTestEnv env("[]", "{}");
    ProvidersPage page(&env.controller());
    EXPECT_TRUE(page.emptyText().contains("No providers yet")) << page.emptyText().toStdString();
    EXPECT_TRUE(page.emptyText().contains("Add…"));
    env.controller().stop();
    EXPECT_TRUE(page.emptyText().contains("stopped")) << page.emptyText().toStdString();
    EXPECT_FALSE(page.testButton()->isEnabled());
}

TEST(ModelConformance, ProviderTableModel) {
    PanelTestEnv env;
    ProvidersPage page(&env.controller());
    QAbstractItemModelTester tester(page.model(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    ConfigStore *store = env.controller().gateway()->configStore();
    int answers = 0;
    const QJsonObject added{{"keys", QJsonArray{QJsonObject{{"value", "env.OTHER_KEY"}}}},
                            {"network_config", QJsonObject{{"base_url", "http://127.0.0.1:9"}}}};
    store->change(ConfigEdits::putProvider("other", added, true), &page,
                  [&](const ConfigStore::Result &) { ++answers; });
    ASSERT_TRUE(waitUntil([&] { return page.model()->rowCount() == 2; }));
    page.model()->setTestResult("other", ProviderTableModel::TestState::Failed, "HTTP 502");
    store->change(ConfigEdits::removeProvider("mock"), &page,
                  [&](const ConfigStore::Result &) { ++answers; });
    ASSERT_TRUE(waitUntil([&] { return page.model()->rowCount() == 1 && answers == 2; }));
    env.controller().stop();
    EXPECT_EQ(page.model()->rowCount(), 0);
}

}  // namespace
}  // namespace gatehouse
