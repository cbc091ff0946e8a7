// The providers page's Kind list and per-kind key settings against a real
// gateway: Azure, Vertex and Bedrock providers filled in through the form
// are stored in Bifrost's config shape; stored ones show their settings with
// secrets masked, and a mask left as it is keeps the secret; "Test" reaches
// fake Azure and Bedrock upstreams that check the credentials.
#include "FakeBedrock.h"
#include "FakeUpstream.h"
#include "PanelTestEnv.h"
#include "pages/ProvidersPage.h"
#include "store/ConfigMasking.h"
#include "store/ConfigStore.h"
#include "widgets/ProviderEditor.h"
#include "widgets/providers/AzureKeyFields.h"
#include "widgets/providers/BedrockKeyFields.h"
#include "widgets/providers/DeploymentsTable.h"
#include "widgets/providers/SecretField.h"
#include "widgets/providers/VertexKeyFields.h"

#include <gtest/gtest.h>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>
#include <memory>

namespace gatehouse {
namespace {

const QString kAzureKey = QStringLiteral("az-stored-0123456789abcdef");

QJsonObject json(const QByteArray &text) {
    return QJsonDocument::fromJson(text).object();
}

std::string show(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Indented).toStdString();
}

class ProviderKinds : public ::testing::Test {
protected:
    ProviderKinds() {
        qputenv("GH_FAKE_AWS_SECRET", test::kFakeAwsSecret);
        EXPECT_TRUE(azure.start());
        EXPECT_TRUE(bedrock.start());
        const QByteArray providers =
            R"({"mock": {"keys": []}, "azure": {"keys": [{"name": "east", "value": ")" +
            kAzureKey.toUtf8() + R"(", "azure_key_config": {"endpoint": ")" +
            azure.baseUrl().toUtf8() +
            R"(", "api_version": "2024-10-21", "deployments": {"gpt-4o": "dep-gpt4o"}}}]}})";
        env = std::make_unique<PanelTestEnv>("[]", providers);
        page = std::make_unique<ProvidersPage>(&env->controller());
        page->resize(1000, 900);
        page->show();
    }
    ProviderEditor *editor() const { return page->editor(); }
    // The provider as the store keeps it (secrets in the clear).
    QJsonObject stored(const QString &name) const {
        ConfigStore *store = env->controller().gateway()->configStore();
        for (const ConfigItem &item : store->content()->providers)
            if (item.name == name && !item.deleted) return item.value.toObject();
        return {};
    }
    bool apply() {
        QSignalSpy applied(page.get(), &ProvidersPage::applied);
        QCoreApplication::processEvents();
        QTest::mouseClick(editor()->applyButton(), Qt::LeftButton);
        if (applied.isEmpty() && !applied.wait(10000)) return false;
        return applied.first().first().toBool();
    }
    bool test(const QString &name, const QString &model) {
        page->selectProvider(name);
        QSignalSpy finished(page.get(), &ProvidersPage::testFinished);
        page->testProvider(name, model);
        if (finished.isEmpty() && !finished.wait(15000)) return false;
        return finished.first().at(1).toBool();
    }
    // A new provider of `kind` named `name`, its first key's value `value`.
    void startNew(const QString &name, ProviderKind kind, const QString &value) {
        QTest::mouseClick(page->addButton(), Qt::LeftButton);
        QTest::keyClicks(editor()->nameEdit(), name);
        editor()->kindCombo()->setCurrentIndex(editor()->kindCombo()->findData(int(kind)));
        // A kind with key settings starts with a key to hold them.
        ASSERT_EQ(editor()->keysTable()->rowCount(), 1);
        editor()->keysTable()->item(0, ProviderEditor::KeyValue)->setText(value);
    }
    template <typename Fields>
    Fields *fields(ProviderKind kind) const {
        return qobject_cast<Fields *>(editor()->settingsFields(kind));
    }

    FakeUpstream azure;
    FakeBedrock bedrock{{{QStringLiteral("AKIDFAKE"), QLatin1String(test::kFakeAwsSecret)}}};
    std::unique_ptr<PanelTestEnv> env;
    std::unique_ptr<ProvidersPage> page;
};

TEST_F(ProviderKinds, TheKindListOffersEveryKindAndFollowsTheName) {
    QStringList labels;
    for (int i = 0; i < editor()->kindCombo()->count(); ++i)
        labels << editor()->kindCombo()->itemText(i);
    EXPECT_EQ(labels,
              QStringList({"OpenAI-compatible", "Anthropic", "Google Gemini (AI Studio)",
                           "Azure OpenAI", "Google Vertex AI", "Amazon Bedrock", "Built-in mock"}));
    page->selectProvider("azure");
    EXPECT_EQ(editor()->kind(), ProviderKind::Azure);
    page->selectProvider("mock");
    EXPECT_EQ(editor()->kind(), ProviderKind::Mock);
    QTest::mouseClick(page->addButton(), Qt::LeftButton);
    QTest::keyClicks(editor()->nameEdit(), "bedrock");
    EXPECT_EQ(editor()->kind(), ProviderKind::Bedrock);
}

TEST_F(ProviderKinds, AnAzureProviderFilledInIsStoredAsBifrostWritesItAndTests) {
    startNew("az-west", ProviderKind::Azure, "az-new-0123456789abcdef");
    auto *az = fields<AzureKeyFields>(ProviderKind::Azure);
    ASSERT_TRUE(az);
    az->endpointEdit()->setText(azure.baseUrl());
    az->apiVersionEdit()->setText("2024-10-21");
    az->deployments()->addRow("gpt-4o-mini", "mini-prod");
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    const QJsonObject expected = json(R"({
        "custom_provider_config": {"base_provider_type": "azure"},
        "keys": [{"value": "az-new-0123456789abcdef",
                  "azure_key_config": {"endpoint": ")" +
                                      azure.baseUrl().toUtf8() + R"(",
                                       "api_version": "2024-10-21",
                                       "deployments": {"gpt-4o-mini": "mini-prod"}}}]})");
    EXPECT_EQ(stored("az-west"), expected) << show(stored("az-west"));

    // "Test" sends a real chat completion through the gateway to the deployment.
    EXPECT_TRUE(test("az-west", "gpt-4o-mini")) << page->lastMessage().toStdString();
    ASSERT_FALSE(azure.requests().isEmpty());
    const FakeRecordedRequest sent = azure.requests().constLast();
    EXPECT_EQ(sent.path, "/openai/deployments/mini-prod/chat/completions");
    EXPECT_EQ(sent.headers.value("api-key"), "az-new-0123456789abcdef");
}

TEST_F(ProviderKinds, AStoredAzureKeyShowsItsSettingsMaskedAndKeepsThemWhenSaved) {
    page->selectProvider("azure");
    auto *az = fields<AzureKeyFields>(ProviderKind::Azure);
    EXPECT_EQ(az->endpointEdit()->text(), azure.baseUrl());
    EXPECT_EQ(az->apiVersionEdit()->text(), "2024-10-21");
    EXPECT_EQ(az->deployments()->map(), json(R"({"gpt-4o": "dep-gpt4o"})"));
    const QString shownKey = editor()->keysTable()->item(0, ProviderEditor::KeyValue)->text();
    EXPECT_TRUE(ConfigMasking::isMasked(shownKey)) << shownKey.toStdString();
    EXPECT_FALSE(shownKey.contains(kAzureKey));

    az->deployments()->addRow("gpt-4o-mini", "mini");
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    const QJsonObject key = stored("azure").value("keys").toArray().first().toObject();
    EXPECT_EQ(key.value("value").toString(), kAzureKey);
    EXPECT_EQ(key.value("azure_key_config").toObject().value("deployments").toObject(),
              json(R"({"gpt-4o": "dep-gpt4o", "gpt-4o-mini": "mini"})"));
    EXPECT_FALSE(stored("azure").contains("custom_provider_config"));
    EXPECT_TRUE(test("azure", "gpt-4o")) << page->lastMessage().toStdString();
    EXPECT_EQ(azure.requests().constLast().headers.value("api-key"), kAzureKey.toUtf8());
}

TEST_F(ProviderKinds, AVertexProviderFilledInIsStoredAsBifrostWritesIt) {
    startNew("vertex", ProviderKind::Vertex, "");
    auto *vx = fields<VertexKeyFields>(ProviderKind::Vertex);
    ASSERT_TRUE(vx);
    vx->projectEdit()->setText("my-project");
    vx->regionEdit()->setText("europe-west4");
    vx->credentialsEdit()->setSecret("env.VERTEX_CREDENTIALS");
    EXPECT_EQ(vx->credentialsEdit()->echoMode(), QLineEdit::Normal) << "a name, not a secret";
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    EXPECT_EQ(stored("vertex"), json(R"({"keys": [{"value": "",
        "vertex_key_config": {"project_id": "my-project", "region": "europe-west4",
                              "auth_credentials": "env.VERTEX_CREDENTIALS"}}]})"))
        << show(stored("vertex"));
}

TEST_F(ProviderKinds, AVertexServiceAccountIsMaskedAndKeptWhenLeftAlone) {
    const QString account = QStringLiteral(
        R"({"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----x"})");
    startNew("gcp", ProviderKind::Vertex, "");
    auto *vx = fields<VertexKeyFields>(ProviderKind::Vertex);
    vx->projectEdit()->setText("p1");
    vx->credentialsEdit()->setSecret(account);
    EXPECT_EQ(vx->credentialsEdit()->echoMode(), QLineEdit::PasswordEchoOnEdit);
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    EXPECT_EQ(stored("gcp").value("custom_provider_config").toObject(),
              json(R"({"base_provider_type": "vertex"})"));

    page->selectProvider("gcp");
    EXPECT_EQ(vx->projectEdit()->text(), "p1");
    EXPECT_TRUE(ConfigMasking::isMasked(vx->credentialsEdit()->text()))
        << vx->credentialsEdit()->text().toStdString();
    vx->regionEdit()->setText("us-east5");
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    const QJsonObject settings = stored("gcp")
                                     .value("keys")
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value("vertex_key_config")
                                     .toObject();
    EXPECT_EQ(settings.value("auth_credentials").toString(), account);
    EXPECT_EQ(settings.value("region").toString(), "us-east5");
}

TEST_F(ProviderKinds, ABedrockProviderFilledInIsStoredSignsAndKeepsItsSecret) {
    startNew("aws", ProviderKind::Bedrock, "");
    editor()->baseUrlEdit()->setText(bedrock.baseUrl());
    auto *br = fields<BedrockKeyFields>(ProviderKind::Bedrock);
    ASSERT_TRUE(br);
    br->regionEdit()->setText("us-west-2");
    br->accessKeyEdit()->setText("AKIDFAKE");
    br->secretKeyEdit()->setSecret(QLatin1String(test::kFakeAwsSecret));
    br->deployments()->addRow("claude", "anthropic.claude-3-haiku-20240307-v1:0");
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    const QJsonObject expected = json(R"({
        "custom_provider_config": {"base_provider_type": "bedrock"},
        "network_config": {"base_url": ")" +
                                      bedrock.baseUrl().toUtf8() + R"("},
        "keys": [{"value": "",
                  "bedrock_key_config": {"region": "us-west-2", "access_key": "AKIDFAKE",
                      "secret_key": ")" +
                                      QByteArray(test::kFakeAwsSecret) + R"(",
                      "deployments": {"claude": "anthropic.claude-3-haiku-20240307-v1:0"}}}]})");
    EXPECT_EQ(stored("aws"), expected) << show(stored("aws"));

    // Shown again: the secret masked; saved without touching it, it stays.
    page->selectProvider("aws");
    EXPECT_EQ(br->accessKeyEdit()->text(), "AKIDFAKE");
    EXPECT_TRUE(ConfigMasking::isMasked(br->secretKeyEdit()->text()))
        << br->secretKeyEdit()->text().toStdString();
    br->deployments()->addRow("nova", "amazon.nova-lite-v1:0");
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    const QJsonObject settings = stored("aws")
                                     .value("keys")
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value("bedrock_key_config")
                                     .toObject();
    EXPECT_EQ(settings.value("secret_key").toString(), QLatin1String(test::kFakeAwsSecret));
    EXPECT_EQ(settings.value("deployments").toObject().size(), 2);

    // "Test" goes through the gateway, signed with the kept secret.
    EXPECT_TRUE(test("aws", "claude")) << page->lastMessage().toStdString();
    ASSERT_FALSE(bedrock.requests().isEmpty());
    EXPECT_EQ(bedrock.requests().constLast().path,
              "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");

    // A wrong secret typed in: Bedrock's own refusal shows.
    page->selectProvider("aws");
    br->secretKeyEdit()->setSecret("not-the-secret-0000000000");
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    EXPECT_FALSE(test("aws", "claude"));
    EXPECT_TRUE(page->lastMessage().contains("403")) << page->lastMessage().toStdString();
    EXPECT_TRUE(page->lastMessage().contains("signature", Qt::CaseInsensitive))
        << page->lastMessage().toStdString();
}

TEST_F(ProviderKinds, RefusedSettingsSayWhichFieldAndChangeNothing) {
    startNew("az-nowhere", ProviderKind::Azure, "az-0123456789abcdef");
    EXPECT_FALSE(apply());
    EXPECT_TRUE(page->lastMessage().contains("keys[0].azure_key_config.endpoint"))
        << page->lastMessage().toStdString();
    EXPECT_TRUE(page->lastMessage().contains("endpoint")) << page->lastMessage().toStdString();
    EXPECT_TRUE(stored("az-nowhere").isEmpty());

    // A name that fixes another kind.
    QTest::mouseClick(page->addButton(), Qt::LeftButton);
    QTest::keyClicks(editor()->nameEdit(), "anthropic");
    editor()->setKind(ProviderKind::Bedrock);
    EXPECT_FALSE(apply());
    EXPECT_TRUE(page->lastMessage().contains("always speaks Anthropic"))
        << page->lastMessage().toStdString();
}

// The AWS profile field: stored as bedrock_key_config.profile, shown again
// when the provider is selected, and gone from the config once cleared.
TEST_F(ProviderKinds, ABedrockKeysAwsProfileIsStoredAndShownAgain) {
    startNew("aws-profile", ProviderKind::Bedrock, "");
    auto *br = fields<BedrockKeyFields>(ProviderKind::Bedrock);
    ASSERT_TRUE(br);
    br->profileEdit()->setText(" team-a ");
    br->deployments()->addRow("claude", "anthropic.claude-3-haiku-20240307-v1:0");
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    const auto settings = [&] {
        return stored("aws-profile")
            .value("keys")
            .toArray()
            .first()
            .toObject()
            .value("bedrock_key_config")
            .toObject();
    };
    EXPECT_EQ(settings(), json(R"({"profile": "team-a",
        "deployments": {"claude": "anthropic.claude-3-haiku-20240307-v1:0"}})"))
        << show(settings());

    // Shown again as stored (trimmed).
    page->selectProvider("aws-profile");
    EXPECT_EQ(br->profileEdit()->text(), "team-a");
    EXPECT_TRUE(br->accessKeyEdit()->text().isEmpty());

    br->profileEdit()->clear();
    ASSERT_TRUE(apply()) << page->lastMessage().toStdString();
    EXPECT_FALSE(settings().contains("profile")) << show(settings());
    EXPECT_TRUE(settings().contains("deployments"));
}

}  // namespace
}  // namespace gatehouse
