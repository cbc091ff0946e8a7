// The fast writer must produce exactly what Qt's own writer produces.
#include "json/JsonWriter.h"

#include <gtest/gtest.h>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

void expectSameAsQt(const QByteArray &json) {
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    ASSERT_FALSE(doc.isNull()) << json.toStdString();
    const QByteArray expected = doc.toJson(QJsonDocument::Compact);
    const QByteArray actual =
        doc.isObject() ? toCompactJson(doc.object()) : toCompactJson(doc.array());
    EXPECT_EQ(actual.toStdString(), expected.toStdString());
}

}  // namespace

TEST(JsonWriter, ChatCompletionMatchesQt) {
    expectSameAsQt(R"({"id":"chatcmpl-1","object":"chat.completion","created":1700000000,
        "model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":"Hi!"},
        "finish_reason":"stop","logprobs":null}],"usage":{"prompt_tokens":9,"completion_tokens":7,
        "total_tokens":16}})");
}

TEST(JsonWriter, EscapesMatchQt) {
    expectSameAsQt(
        R"({"s":"quote \" backslash \\ slash / nl \n cr \r tab \t bs \b ff \f ctl \u0001 \u001f del \u007f"})");
}

TEST(JsonWriter, UnicodeMatchesQt) {
    expectSameAsQt(R"({"s":"héllo wörld ✓ 漢字 emoji 😀 mixed a😀b","k✓":"v"})");
}

TEST(JsonWriter, NumbersMatchQt) {
    expectSameAsQt(
        R"([0,-0,1,-1,3.0,0.1,0.30000000000000004,1e20,1.5e-7,123456789012,9007199254740993,
        -9007199254740993,1.7976931348623157e308,2.5,-2.5,100.25])");
}

TEST(JsonWriter, NestingAndEmptiesMatchQt) {
    expectSameAsQt(
        R"({"a":[],"b":{},"c":[[],[{}],{"d":[1,[2,[3]]]}],"e":true,"f":false,"g":null,"":"empty key"})");
}

TEST(JsonWriter, LargeToolCallMatchesQt) {
    expectSameAsQt(
        R"({"tools":[{"type":"function","function":{"name":"get_weather","description":"Get the weather",
        "parameters":{"type":"object","properties":{"location":{"type":"string"},"unit":{"enum":["c","f"]}},
        "required":["location"]}}}],"tool_choice":"auto","temperature":0.7,"max_tokens":1024,"stream":false})");
}

// The writer copies plain text eight units at a time: every kind of unit
// that stops a run, at every position of a string around those blocks,
// must still come out as Qt writes it.
TEST(JsonWriter, EveryEscapeAtEveryPositionMatchesQt) {
    const QList<QString> stops = {
        QStringLiteral("\""),   QStringLiteral("\\"),         QStringLiteral("\n"),
        QString(QChar(0x01)),   QString(QChar(0x1f)),         QString(QChar(0x7f)),
        QStringLiteral("é"),    QStringLiteral("\U0001F600"), QString(QChar(0xD800)),
        QString(QChar(0xDC00)), QString(QChar(0xFFFF)),       QStringLiteral("\n\n\"é")};
    for (const QString &stop : stops) {
        for (int length : {0, 1, 7, 8, 9, 15, 16, 17, 40}) {
            for (int at = 0; at <= length; ++at) {
                const QString text = QString(length, QLatin1Char('a')).insert(at, stop);
                const QJsonObject object{{QStringLiteral("s"), text}};
                EXPECT_EQ(toCompactJson(object).toStdString(),
                          QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString())
                    << "stop " << stop.toStdString() << " at " << at << " of " << length;
            }
        }
    }
}

TEST(JsonWriter, AppendsAfterWhatTheBufferHolds) {
    QByteArray out = "prefix:";
    appendJsonString(out, QString(100, QLatin1Char('x')) + QStringLiteral("\t\U0001F600"));
    EXPECT_EQ(out.toStdString(), "prefix:\"" + std::string(100, 'x') + "\\t\xf0\x9f\x98\x80\"");
}
