// The validator accepts well-formed JSON objects and nothing else.
#include "json/JsonValidator.h"

#include <gtest/gtest.h>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

bool qtAccepts(const QByteArray &text) {
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &e);
    return e.error == QJsonParseError::NoError && doc.isObject();
}

}  // namespace

TEST(JsonValidator, AcceptsWellFormedObjectsAsQtDoes) {
    const QList<QByteArray> valid = {
        R"({})",
        R"( {"a":1} )",
        R"({"a":[1,2,{"b":null}],"c":true,"d":false,"e":"x"})",
        R"({"n":-0.5e+10,"m":0,"k":1E5,"z":-0})",
        R"({"s":"esc \" \\ \/ \b \f \n \r \t \u00e9"})",
        "{\"u\":\"h\xc3\xa9llo \xe6\xbc\xa2 \xf0\x9f\x98\x80\"}",
    };
    for (const QByteArray &c : valid) {
        EXPECT_TRUE(qtAccepts(c)) << c.toStdString();
        EXPECT_TRUE(isValidJsonObject(c)) << c.toStdString();
    }
}

// Strict RFC 8259, also where Qt's parser is lenient (1., .5, \q, bad UTF-8).
TEST(JsonValidator, RefusesEverythingThatIsNotAWellFormedObject) {
    const QList<QByteArray> invalid = {
        R"([1,2])",
        R"("x")",
        R"({)",
        R"({"a":})",
        R"({"a":1,})",
        R"({"a" 1})",
        R"({a:1})",
        R"({"a":01})",
        R"({"a":1.})",
        R"({"a":.5})",
        R"({"a":1e})",
        R"({"a":tru})",
        R"({"a":"x\q"})",
        R"({"a":"\u12"})",
        "{\"a\":\"tab\there\"}",
        R"({"a":1}{)",
        R"({"a":1} x)",
        R"({"a":[1,]})",
        "{\"bad\":\"\xc3\"}",
        "{\"bad\":\"\xff\"}",
        "{\"overlong\":\"\xc0\xaf\"}",
        "{\"surrogate\":\"\xed\xa0\x80\"}",
        R"({"a":NaN})",
        R"({"a":-})",
        "",
    };
    for (const QByteArray &c : invalid) EXPECT_FALSE(isValidJsonObject(c)) << c.toStdString();
}

TEST(JsonValidator, RefusesNestingDeeperThanTheLimit) {
    const QByteArray deep = "{\"a\":" + QByteArray(600, '[') + QByteArray(600, ']') + "}";
    EXPECT_FALSE(isValidJsonObject(deep, 512));
    const QByteArray ok = "{\"a\":" + QByteArray(100, '[') + QByteArray(100, ']') + "}";
    EXPECT_TRUE(isValidJsonObject(ok, 512));
}

TEST(JsonValidator, TruncatedAnswersAreRefusedAtEveryLength) {
    const QByteArray full =
        R"({"id":"x","choices":[{"message":{"content":"hé ✓"}}],"usage":{"total_tokens":3}})";
    for (int n = 0; n < full.size(); ++n) EXPECT_FALSE(isValidJsonObject(full.left(n))) << n;
    EXPECT_TRUE(isValidJsonObject(full));
}

TEST(JsonValidator, ScanListsTheOuterMembersWithTheirSpans) {
    const QByteArray text = R"( { "a" : 1 , "b":{"x":[1,"}"]}, "c" :"s\"t" } )";
    QList<JsonMemberSpan> members;
    ASSERT_TRUE(scanJsonObject(text, &members));
    ASSERT_EQ(members.size(), 3);  // "x" is nested: not listed
    auto key = [&](const JsonMemberSpan &m) { return text.mid(m.keyBegin, m.keyEnd - m.keyBegin); };
    auto value = [&](const JsonMemberSpan &m) {
        return text.mid(m.valueBegin, m.valueEnd - m.valueBegin);
    };
    EXPECT_EQ(key(members[0]), "\"a\"");
    EXPECT_EQ(value(members[0]), "1");
    EXPECT_EQ(key(members[1]), "\"b\"");
    EXPECT_EQ(value(members[1]), R"({"x":[1,"}"]})");
    EXPECT_EQ(key(members[2]), "\"c\"");
    EXPECT_EQ(value(members[2]), R"("s\"t")");
}

TEST(JsonValidator, ScanOfInvalidTextListsNothing) {
    QList<JsonMemberSpan> members;
    EXPECT_FALSE(scanJsonObject(R"({"a":1,"b":})", &members));
    EXPECT_TRUE(members.isEmpty());
    EXPECT_FALSE(scanJsonObject(R"([1])", &members));
    EXPECT_TRUE(scanJsonObject(R"({})", &members));
    EXPECT_TRUE(members.isEmpty());
}
