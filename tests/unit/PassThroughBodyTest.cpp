// PassThroughBody: what the gateway reads from a plain OpenAI body without a
// JSON parse, and the bytes it sends on.
#include "translate/PassThroughBody.h"

#include <gtest/gtest.h>
#include <QJsonDocument>
#include <QJsonObject>

using namespace gatehouse;

namespace {

QJsonObject objectOf(const QByteArray &json) {
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &e);
    EXPECT_EQ(e.error, QJsonParseError::NoError) << json.toStdString();
    return doc.object();
}

}  // namespace

TEST(PassThroughBody, ReadsModelAndStreamAndKeepsTheClientsBytes) {
    const QByteArray body =
        R"({"messages":[{"role":"user","content":"hi"}], "model" : "openai/gpt-4o", "seed":12345678901234567890,"stream":true})";
    const auto read = PassThroughBody::read(body);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->model, "openai/gpt-4o");
    EXPECT_TRUE(read->fallbacks.isEmpty());
    EXPECT_TRUE(read->stream);
    // Everything but the model's value is the client's own text, numbers
    // beyond a double's precision included.
    EXPECT_EQ(
        read->withModel("gpt-4o"),
        R"({"messages":[{"role":"user","content":"hi"}], "model" : "gpt-4o", "seed":12345678901234567890,"stream":true})");
}

TEST(PassThroughBody, FallbacksAreReadAndCutWhereverTheyStand) {
    const QList<QByteArray> bodies = {
        R"({"fallbacks":["b/m2","c/m3"],"model":"a/m1","n":1})",
        R"({"model":"a/m1","fallbacks":["b/m2","c/m3"],"n":1})",
        R"({"model":"a/m1","n":1, "fallbacks" : ["b/m2","c/m3"] })",
        R"({"n":1,"fallbacks":["b/m2","c/m3"],"model":"a/m1"})",
    };
    for (const QByteArray &body : bodies) {
        const auto read = PassThroughBody::read(body);
        ASSERT_TRUE(read) << body.toStdString();
        EXPECT_EQ(read->model, "a/m1");
        EXPECT_EQ(read->fallbacks, (QStringList{"b/m2", "c/m3"}));
        const QByteArray sent = read->withModel("m1");
        EXPECT_EQ(objectOf(sent), objectOf(R"({"model":"m1","n":1})")) << sent.toStdString();
        EXPECT_FALSE(sent.contains("fallbacks"));
    }
    const auto alone = PassThroughBody::read(R"({"model":"a/m1","fallbacks":[]})");
    ASSERT_TRUE(alone);
    EXPECT_EQ(alone->withModel("m1"), R"({"model":"m1"})");
}

TEST(PassThroughBody, ModelIsWrittenAsAJsonString) {
    const auto read = PassThroughBody::read(R"({"model":"p/x"})");
    ASSERT_TRUE(read);
    EXPECT_EQ(read->withModel(QStringLiteral("say \"hé\"")), R"({"model":"say \"hé\""})");
}

TEST(PassThroughBody, UnusualBodiesAreLeftToTheFullDecode) {
    const QList<QByteArray> unusual = {
        R"({"model":"a/m","model":"b/m"})",          // repeated
        R"({"mod\u0065l":"a/m"})",                   // escaped key
        R"({"model":"a\/m"})",                       // escaped model
        R"({"model":" a/m"})",                       // untrimmed
        R"({"model":""})",                           // empty
        R"({"model":7})",                            // not a string
        R"({"messages":[]})",                        // no model
        R"({"model":"a/m","fallbacks":"b/m"})",      // fallbacks not a list
        R"({"model":"a/m","fallbacks":null})",       // null: the full decode ignores it
        R"({"model":"a/m","fallbacks":["b/m",3]})",  // not all strings
        R"({"model":"a/m","stream":"yes"})",         // stream not a bool
        R"({"model":"a/m","stream":true,"stream":false})",
        R"({"model":"a/m",})",  // malformed
        R"(["model"])",         // not an object
        "",
    };
    for (const QByteArray &body : unusual)
        EXPECT_FALSE(PassThroughBody::read(body)) << body.toStdString();
}
