// Bifrost's bedrock entries as config.json writes them, and where a Bedrock
// request's AWS identity and region come from.
#include "ConfigTestSupport.h"

#include "config/GatewayConfig.h"
#include "providers/bedrock/BedrockCredentials.h"
#include "providers/bedrock/BedrockDialect.h"
#include "providers/bedrock/BedrockHttp.h"
#include "store/ConfigMasking.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace gatehouse;
using gatehouse::testing::loadOk;

namespace {

// Sets (or, with a null value, unsets) environment variables for one test.
class EnvGuard {
public:
    void set(const char *name, const QByteArray &value) {
        if (!saved_.contains(name))
            saved_.insert(name, qEnvironmentVariableIsSet(name)
                                    ? std::optional<QByteArray>(qgetenv(name))
                                    : std::nullopt);
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value);
    }
    ~EnvGuard() {
        for (auto it = saved_.begin(); it != saved_.end(); ++it) {
            if (it.value())
                qputenv(it.key().constData(), *it.value());
            else
                qunsetenv(it.key().constData());
        }
    }

private:
    QHash<QByteArray, std::optional<QByteArray>> saved_;
};

// No AWS setting of the machine running the tests leaks in.
void clearAws(EnvGuard *env) {
    for (const char *name :
         {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
          "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"})
        env->set(name, QByteArray());
}

TEST(BedrockConfig, ReadsBifrostsKeyConfig) {
    const GatewayConfig config = loadOk(R"({"providers": {"bedrock": {"keys": [{
        "value": "", "models": ["claude-3-haiku"], "weight": 1.0,
        "bedrock_key_config": {"access_key": "env.AWS_ACCESS_KEY_ID",
                               "secret_key": "env.AWS_SECRET_ACCESS_KEY",
                               "session_token": null, "region": "eu-west-1",
                               "deployments": {"claude-3-haiku":
                                   "anthropic.claude-3-haiku-20240307-v1:0"}}}]}}})");
    ASSERT_EQ(config.providers.size(), 1);
    const ProviderConfig &p = config.providers.at(0);
    EXPECT_EQ(p.kind, ProviderKind::Bedrock);
    EXPECT_TRUE(p.network.baseUrl.isEmpty());  // follows the region
    const BedrockKeyConfig &b = p.keys.at(0).bedrock;
    EXPECT_EQ(b.accessKey, "env.AWS_ACCESS_KEY_ID");
    EXPECT_EQ(b.secretKey, "env.AWS_SECRET_ACCESS_KEY");
    EXPECT_TRUE(b.sessionToken.isEmpty());
    EXPECT_EQ(b.region, "eu-west-1");
    EXPECT_EQ(b.deployments.value("claude-3-haiku"), "anthropic.claude-3-haiku-20240307-v1:0");
}

TEST(BedrockConfig, KeyWithoutValueLoadsWhenItHasAwsSettings) {
    const GatewayConfig config = loadOk(R"({"providers": {"bedrock": {"keys": [
        {"bedrock_key_config": {"region": "us-west-2"}}]}}})");
    ASSERT_EQ(config.providers.size(), 1);
    EXPECT_EQ(config.providers.at(0).keys.at(0).bedrock.region, "us-west-2");
    // Other keys still need their value.
    gatehouse::testing::loadError(R"({"providers": {"openai": {"keys": [{"models": []}]}}})");
}

TEST(BedrockConfig, WrongTypeIsRefusedWithItsPath) {
    const ConfigError error = gatehouse::testing::loadError(
        R"({"providers": {"bedrock": {"keys": [{"value": "", "bedrock_key_config": {"region": 5}}]}}})");
    EXPECT_EQ(error.path, "providers.bedrock.keys[0].bedrock_key_config.region");
}

TEST(BedrockCredentials, KeyConfigWithEnvReferences) {
    EnvGuard env;
    clearAws(&env);
    env.set("GH_TEST_AK", "AKIDKEY");
    env.set("GH_TEST_SK", "secret/key");
    BedrockKeyConfig key;
    key.accessKey = QStringLiteral("env.GH_TEST_AK");
    key.secretKey = QStringLiteral("env.GH_TEST_SK");
    key.sessionToken = QStringLiteral("literal-token");
    BedrockAuth auth;
    QString error;
    ASSERT_TRUE(resolveBedrockAuth(&key, {}, &auth, &error)) << error.toStdString();
    EXPECT_EQ(auth.credentials.accessKeyId, "AKIDKEY");
    EXPECT_EQ(auth.credentials.secretAccessKey, "secret/key");
    EXPECT_EQ(auth.credentials.sessionToken, "literal-token");
    EXPECT_EQ(auth.region, "us-east-1");
    EXPECT_TRUE(auth.bearerToken.isEmpty());
}

TEST(BedrockCredentials, UnsetEnvReferenceNamesTheVariable) {
    EnvGuard env;
    clearAws(&env);
    env.set("GH_TEST_UNSET_SK", QByteArray());
    BedrockKeyConfig key;
    key.accessKey = QStringLiteral("AKID");
    key.secretKey = QStringLiteral("env.GH_TEST_UNSET_SK");
    BedrockAuth auth;
    QString error;
    EXPECT_FALSE(resolveBedrockAuth(&key, {}, &auth, &error));
    EXPECT_NE(error.indexOf(QLatin1String("GH_TEST_UNSET_SK")), -1) << error.toStdString();
}

TEST(BedrockCredentials, EnvironmentThenRegionFromEnvironment) {
    EnvGuard env;
    clearAws(&env);
    env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
    env.set("AWS_SECRET_ACCESS_KEY", "envsecret");
    env.set("AWS_SESSION_TOKEN", "envtoken");
    env.set("AWS_REGION", "ap-south-1");
    BedrockKeyConfig key;  // no access key: the environment's
    BedrockAuth auth;
    QString error;
    ASSERT_TRUE(resolveBedrockAuth(&key, {}, &auth, &error)) << error.toStdString();
    EXPECT_EQ(auth.credentials.accessKeyId, "AKIDENV");
    EXPECT_EQ(auth.credentials.sessionToken, "envtoken");
    EXPECT_EQ(auth.region, "ap-south-1");
    key.region = QStringLiteral("eu-central-1");  // the key's region wins
    ASSERT_TRUE(resolveBedrockAuth(&key, {}, &auth, &error));
    EXPECT_EQ(auth.region, "eu-central-1");
}

TEST(BedrockCredentials, KeyValueIsABedrockApiKey) {
    EnvGuard env;
    clearAws(&env);
    BedrockAuth auth;
    QString error;
    ASSERT_TRUE(resolveBedrockAuth(nullptr, QStringLiteral("ABSK-api-key"), &auth, &error));
    EXPECT_EQ(auth.bearerToken, "ABSK-api-key");
}

TEST(BedrockCredentials, SharedCredentialsFileProfileFromHome) {
    EnvGuard env;
    clearAws(&env);
    QTemporaryDir home;
    ASSERT_TRUE(home.isValid());
    env.set("HOME", home.path().toLocal8Bit());
    ASSERT_TRUE(QDir(home.path()).mkdir(QStringLiteral(".aws")));
    QFile file(home.path() + QStringLiteral("/.aws/credentials"));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        "# comment\n[default]\naws_access_key_id = AKIDDEFAULT\n"
        "aws_secret_access_key = defaultsecret\n\n"
        "[work]\naws_access_key_id=AKIDWORK\naws_secret_access_key=work/secret+x\n"
        "aws_session_token = worktoken\n");
    file.close();
    BedrockAuth auth;
    QString error;
    ASSERT_TRUE(resolveBedrockAuth(nullptr, {}, &auth, &error)) << error.toStdString();
    EXPECT_EQ(auth.credentials.accessKeyId, "AKIDDEFAULT");
    EXPECT_TRUE(auth.credentials.sessionToken.isEmpty());
    env.set("AWS_PROFILE", "work");
    ASSERT_TRUE(resolveBedrockAuth(nullptr, {}, &auth, &error)) << error.toStdString();
    EXPECT_EQ(auth.credentials.accessKeyId, "AKIDWORK");
    EXPECT_EQ(auth.credentials.secretAccessKey, "work/secret+x");
    EXPECT_EQ(auth.credentials.sessionToken, "worktoken");
    env.set("AWS_PROFILE", "missing");
    EXPECT_FALSE(resolveBedrockAuth(nullptr, {}, &auth, &error));
    EXPECT_NE(error.indexOf(QLatin1String("[missing]")), -1) << error.toStdString();
}

// A temporary HOME with ~/.aws/credentials (profiles default and work)
// and ~/.aws/config (work's region).
class AwsHome {
public:
    explicit AwsHome(EnvGuard *env) {
        env->set("HOME", dir.path().toLocal8Bit());
        QDir(dir.path()).mkdir(QStringLiteral(".aws"));
        write("credentials",
              "[default]\naws_access_key_id = AKIDDEFAULT\n"
              "aws_secret_access_key = defaultsecret\n"
              "[work]\naws_access_key_id = AKIDWORK\n"
              "aws_secret_access_key = worksecret\n");
        write("config", "[default]\nregion = us-east-2\n[profile work]\nregion = eu-central-1\n");
    }
    void write(const char *name, const QByteArray &text) const {
        QFile file(dir.path() + QStringLiteral("/.aws/") + QLatin1String(name));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
    QTemporaryDir dir;
};

TEST(BedrockCredentials, KeyProfileSignsWithItsRegionFromTheConfigFile) {
    EnvGuard env;
    clearAws(&env);
    AwsHome home(&env);
    env.set("AWS_ACCESS_KEY_ID", "AKIDENV");  // the key's profile comes first
    env.set("AWS_SECRET_ACCESS_KEY", "envsecret");
    env.set("AWS_REGION", "ap-south-1");
    BedrockKeyConfig key;
    key.profile = QStringLiteral("work");
    BedrockAuth auth;
    QString error;
    ASSERT_TRUE(resolveBedrockAuth(&key, QStringLiteral("api-key-value"), &auth, &error))
        << error.toStdString();
    EXPECT_EQ(auth.credentials.accessKeyId, "AKIDWORK");
    EXPECT_EQ(auth.credentials.secretAccessKey, "worksecret");
    EXPECT_TRUE(auth.bearerToken.isEmpty());  // the profile beats the key's value too
    EXPECT_EQ(auth.region, "eu-central-1");   // [profile work] of ~/.aws/config

    key.region = QStringLiteral("us-west-1");  // the key's own region first
    ASSERT_TRUE(resolveBedrockAuth(&key, {}, &auth, &error)) << error.toStdString();
    EXPECT_EQ(auth.region, "us-west-1");

    key.profile = QStringLiteral("default");
    key.region.clear();
    ASSERT_TRUE(resolveBedrockAuth(&key, {}, &auth, &error)) << error.toStdString();
    EXPECT_EQ(auth.credentials.accessKeyId, "AKIDDEFAULT");
    EXPECT_EQ(auth.region, "us-east-2");  // [default]

    // Access keys in the key come before its profile.
    key.accessKey = QStringLiteral("AKIDKEY");
    key.secretKey = QStringLiteral("keysecret");
    ASSERT_TRUE(resolveBedrockAuth(&key, {}, &auth, &error)) << error.toStdString();
    EXPECT_EQ(auth.credentials.accessKeyId, "AKIDKEY");
}

TEST(BedrockCredentials, KeyProfileFromEnvReferenceAndNamedFile) {
    EnvGuard env;
    clearAws(&env);
    AwsHome home(&env);
    home.write("other", "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = cisecret\n");
    env.set("AWS_SHARED_CREDENTIALS_FILE", (home.dir.path() + "/.aws/other").toLocal8Bit());
    env.set("GH_TEST_PROFILE", "ci");
    BedrockKeyConfig key;
    key.profile = QStringLiteral("env.GH_TEST_PROFILE");
    BedrockAuth auth;
    QString error;
    ASSERT_TRUE(resolveBedrockAuth(&key, {}, &auth, &error)) << error.toStdString();
    EXPECT_EQ(auth.credentials.accessKeyId, "AKIDCI");
    EXPECT_EQ(auth.region, "us-east-1");  // no [profile ci] region: the default
}

// A profile the key names but the file lacks is an error naming both: the
// request is not signed as someone else.
TEST(BedrockCredentials, MissingKeyProfileIsNamed) {
    EnvGuard env;
    clearAws(&env);
    AwsHome home(&env);
    env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
    env.set("AWS_SECRET_ACCESS_KEY", "envsecret");
    BedrockKeyConfig key;
    key.profile = QStringLiteral("prod");
    BedrockAuth auth;
    QString error;
    EXPECT_FALSE(resolveBedrockAuth(&key, {}, &auth, &error));
    EXPECT_NE(error.indexOf(QLatin1String("[prod]")), -1) << error.toStdString();
    EXPECT_NE(error.indexOf(QLatin1String(".aws/credentials")), -1) << error.toStdString();

    key.profile = QStringLiteral("env.GH_TEST_UNSET_PROFILE");
    EXPECT_FALSE(resolveBedrockAuth(&key, {}, &auth, &error));
    EXPECT_NE(error.indexOf(QLatin1String("GH_TEST_UNSET_PROFILE")), -1) << error.toStdString();
}

TEST(BedrockConfig, ReadsTheKeysProfile) {
    const GatewayConfig config = loadOk(R"({"providers": {"bedrock": {"keys": [
        {"bedrock_key_config": {"profile": "work"}}]}}})");
    EXPECT_EQ(config.providers.at(0).keys.at(0).bedrock.profile, "work");
}

TEST(BedrockCredentials, NothingSetSaysWhatToSet) {
    EnvGuard env;
    clearAws(&env);
    QTemporaryDir home;
    env.set("HOME", home.path().toLocal8Bit());
    BedrockAuth auth;
    QString error;
    EXPECT_FALSE(resolveBedrockAuth(nullptr, {}, &auth, &error));
    EXPECT_NE(error.indexOf(QLatin1String("AWS_ACCESS_KEY_ID")), -1);
    EXPECT_NE(error.indexOf(QLatin1String("access_key")), -1);
    EXPECT_NE(error.indexOf(QLatin1String(".aws/credentials")), -1);
}

TEST(BedrockUrl, RegionalDefaultAndEncodedModelId) {
    EXPECT_EQ(bedrockBaseUrl({}, QStringLiteral("eu-west-3")),
              "https://bedrock-runtime.eu-west-3.amazonaws.com");
    EXPECT_EQ(bedrockBaseUrl(QStringLiteral("http://127.0.0.1:9"), QStringLiteral("x")),
              "http://127.0.0.1:9");
    const QUrl url =
        bedrockConverseUrl(QStringLiteral("https://h/"),
                           QStringLiteral("anthropic.claude-3-haiku-20240307-v1:0"), false);
    EXPECT_EQ(url.path(QUrl::FullyEncoded),
              "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    const QUrl arn = bedrockConverseUrl(
        QStringLiteral("https://h"),
        QStringLiteral("arn:aws:bedrock:us-east-1:1:inference-profile/us.x-v1:0"), true);
    EXPECT_EQ(arn.path(QUrl::FullyEncoded),
              "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fus.x-v1%3A0/"
              "converse-stream");
    EXPECT_EQ(bedrockModelUrl(QStringLiteral("https://h//"), QStringLiteral("amazon.titan:2"),
                              QStringLiteral("invoke"))
                  .toString(QUrl::FullyEncoded),
              "https://h/model/amazon.titan%3A2/invoke");
}

// The API and the panel never show an AWS secret; sent back masked, it is
// the stored one again.
TEST(BedrockConfig, SecretsAreMaskedAndRestored) {
    const QJsonObject stored = QJsonDocument::fromJson(R"({"keys": [{"name": "aws", "value": "",
        "bedrock_key_config": {"access_key": "AKIDEXAMPLE", "secret_key": "wJalrXUtnFEMIK7MDENGbPxRfiCY",
        "session_token": "FQoGZXIvYXdzEBcaDtoken", "region": "us-east-1"}}]})")
                                   .object();
    const QJsonObject shown = ConfigMasking::maskProvider(stored);
    const QJsonObject aws =
        shown["keys"].toArray().at(0).toObject()["bedrock_key_config"].toObject();
    EXPECT_EQ(aws["access_key"].toString(), "AKIDEXAMPLE");
    EXPECT_TRUE(ConfigMasking::isMasked(aws["secret_key"].toString()));
    EXPECT_FALSE(aws["secret_key"].toString().contains("FEMIK7MD"));
    EXPECT_TRUE(ConfigMasking::isMasked(aws["session_token"].toString()));
    EXPECT_EQ(ConfigMasking::restoreMaskedKeys(shown, stored), stored);
    EXPECT_TRUE(
        ConfigMasking::maskedSettingsSecret(stored["keys"].toArray().at(0).toObject()).isEmpty());
    // Sent back masked for a key that has no stored secret: still a mask, refused by name.
    const QJsonObject unknown = ConfigMasking::restoreMaskedKeys(shown, QJsonObject());
    EXPECT_EQ(ConfigMasking::maskedSettingsSecret(unknown["keys"].toArray().at(0).toObject()),
              "bedrock_key_config.secret_key");
    // A secret that is not the stored one's mask stays as sent.
    QJsonObject edited = shown;
    QJsonArray keys = edited["keys"].toArray();
    QJsonObject key = keys.at(0).toObject();
    QJsonObject settings = key["bedrock_key_config"].toObject();
    settings["secret_key"] = "new-secret";
    key["bedrock_key_config"] = settings;
    keys[0] = key;
    edited["keys"] = keys;
    EXPECT_EQ(ConfigMasking::restoreMaskedKeys(edited, stored)["keys"]
                  .toArray()
                  .at(0)
                  .toObject()["bedrock_key_config"]
                  .toObject()["secret_key"],
              "new-secret");
    // "env." references are names, shown as they are.
    const QJsonObject env = QJsonDocument::fromJson(R"({"keys": [{"value": "",
        "bedrock_key_config": {"secret_key": "env.AWS_SECRET_ACCESS_KEY"}}]})")
                                .object();
    EXPECT_EQ(ConfigMasking::maskProvider(env), env);
}

}  // namespace
