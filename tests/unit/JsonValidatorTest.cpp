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

TEST(JsonValidator, TreeScanRecordsNestedMembersWithWhereTheySit) {
    const QByteArray text = R"({"choices":[{"m":{"c":"x","t":[]}},{"m":2}],
        "u":{"d":{"k":1}},"deep":[[{"z":1}]],"o":{"a":[3,4,5]}})";
    std::vector<JsonTreeMember> tree;
    ASSERT_TRUE(scanJsonTree(text, &tree, 4));
    auto key = [&](int i) {
        const JsonMemberSpan &s = tree.at(i).span;
        return text.mid(s.keyBegin + 1, s.keyEnd - s.keyBegin - 2);
    };
    auto value = [&](int i) {
        const JsonMemberSpan &s = tree.at(i).span;
        return text.mid(s.valueBegin, s.valueEnd - s.valueBegin);
    };
    auto find = [&](const char *name, int parent, int element) {
        for (int i = 0; i < int(tree.size()); ++i)
            if (key(i) == name && tree.at(i).parent == parent && tree.at(i).element == element)
                return i;
        return -1;
    };
    const int choices = find("choices", -1, -1);
    ASSERT_GE(choices, 0);
    EXPECT_EQ(tree.at(choices).elements, 2);
    const int first = find("m", choices, 0), second = find("m", choices, 1);
    ASSERT_GE(first, 0);
    ASSERT_GE(second, 0);
    EXPECT_EQ(value(first), R"({"c":"x","t":[]})");
    EXPECT_EQ(value(second), "2");
    EXPECT_EQ(tree.at(first).elements, -1);  // an object, not an array
    const int c = find("c", first, -1), t = find("t", first, -1);
    EXPECT_EQ(value(c), "\"x\"");
    EXPECT_EQ(tree.at(t).elements, 0);
    EXPECT_EQ(tree.at(c).next, t);  // the members of one object are linked
    EXPECT_EQ(tree.at(t).next, -1);
    EXPECT_EQ(tree.at(choices).next, find("u", -1, -1));  // past the nested ones
    const int k = find("k", find("d", find("u", -1, -1), -1), -1);
    EXPECT_EQ(value(k), "1");
    // An object in an array inside an array: deeper than an element.
    EXPECT_GE(find("z", find("deep", -1, -1), -2), 0);
    // The array of "a" counts its own elements; "o" is an object.
    EXPECT_EQ(tree.at(find("a", find("o", -1, -1), -1)).elements, 3);
    EXPECT_EQ(tree.at(find("o", -1, -1)).elements, -1);
}

TEST(JsonValidator, TreeScanRecordsOnlyToItsDepthAndValidatesAsTheValidatorDoes) {
    const QByteArray text = R"({"a":{"b":{"c":{"d":1}}}})";
    std::vector<JsonTreeMember> tree;
    ASSERT_TRUE(scanJsonTree(text, &tree, 2));
    ASSERT_EQ(tree.size(), 2u);  // "a" (depth 1) and "b" (depth 2)
    EXPECT_EQ(tree.at(1).parent, 0);
    for (const QByteArray &bad : {QByteArray(R"({"a":[1,]})"), QByteArray(R"({"a":{"b":})"),
                                  QByteArray("[1]"), QByteArray("{\"bad\":\"\xff\"}")}) {
        EXPECT_FALSE(scanJsonTree(bad, &tree, 4)) << bad.toStdString();
        EXPECT_TRUE(tree.empty());
    }
}

// Strings are read sixteen bytes at a time: every kind of byte that stops
// a run of plain text, at every position around those blocks, is judged as
// it is in a short string.
TEST(JsonValidator, EveryStopInAStringIsJudgedAtEveryPosition) {
    struct Piece {
        QByteArray text;
        bool valid;
    };
    const QList<Piece> pieces = {
        {R"(\")", true},         {R"(\\)", true},    {R"(\n)", true},
        {R"(\u00e9)", true},     {"\xc3\xa9", true}, {"\xf0\x9f\x98\x80", true},
        {"\x7f", true},          {R"(\q)", false},   {"\x01", false},
        {"\x1f", false},         {"\xff", false},    {"\xc3", false},
        {"\xed\xa0\x80", false}, {"\"", false}};
    for (const Piece &piece : pieces) {
        for (int length : {0, 1, 15, 16, 17, 31, 32, 33, 50}) {
            for (int at = 0; at <= length; ++at) {
                const QByteArray text =
                    "{\"s\":\"" + QByteArray(length, 'a').insert(at, piece.text) + "\"}";
                EXPECT_EQ(isValidJsonObject(text), piece.valid) << text.toStdString();
                std::vector<JsonTreeMember> tree;
                EXPECT_EQ(scanJsonTree(text, &tree, 2), piece.valid) << text.toStdString();
            }
        }
    }
}
