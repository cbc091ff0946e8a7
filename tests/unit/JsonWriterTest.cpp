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
