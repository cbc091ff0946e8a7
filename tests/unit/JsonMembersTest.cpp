// The Responses codec's readers of JSON text by spans: a trusted scan of
// well-formed text lists the same members as the validating one, and the
// member tree finds nested members as Qt's parser does.
#include "codecs/responses/JsonMembers.h"

#include <gtest/gtest.h>
#include <QJsonDocument>
#include <QJsonObject>

using namespace gatehouse;
using namespace gatehouse::responses;

namespace {

const QList<QByteArray> kWellFormed = {
    R"({})",
    R"( { "a" : 1 , "b":{"x":[1,"}",{"y":"]"}]}, "c" :"s\"t\\" , "d":[] ,"e":null} )",
    R"({"n":-0.5e+10,"t":true,"f":false,"s":"esc \" \\ \/ \b \u00e9 ]}","o":{"":""}})",
    "{\"u\":\"h\xc3\xa9llo \xf0\x9f\x98\x80\",\"a\":[[[]],{}]}",
    R"({"dup":1,"dup":2})",
};

}  // namespace

TEST(JsonMembers, TrustedScanListsWhatTheValidatingScanLists) {
    for (const QByteArray &text : kWellFormed) {
        Members checked, trusted;
        ASSERT_TRUE(checked.scan(text)) << text.toStdString();
        ASSERT_TRUE(trusted.scanTrusted(text)) << text.toStdString();
        ASSERT_EQ(trusted.spans().size(), checked.spans().size()) << text.toStdString();
        for (qsizetype i = 0; i < checked.spans().size(); ++i) {
            const JsonMemberSpan &a = checked.spans().at(i), &b = trusted.spans().at(i);
            EXPECT_EQ(a.keyBegin, b.keyBegin) << text.toStdString();
            EXPECT_EQ(a.keyEnd, b.keyEnd) << text.toStdString();
            EXPECT_EQ(a.valueBegin, b.valueBegin) << text.toStdString();
            EXPECT_EQ(a.valueEnd, b.valueEnd) << text.toStdString();
        }
    }
}

TEST(JsonMembers, TrustedScanLeavesEscapedKeysToQtAndStaysInBounds) {
    Members m;
    EXPECT_FALSE(m.scanTrusted(R"({"k\u0065y":1})"));
    // Malformed text: wrong members at worst, never past the end.
    for (const QByteArray &bad : {QByteArray(R"({"a":"unterminated)"), QByteArray(R"({"a":[1,2)"),
                                  QByteArray(R"({"a")"), QByteArray("{"), QByteArray(R"({"a":1,)")})
        EXPECT_FALSE(m.scanTrusted(bad)) << bad.toStdString();
}

TEST(JsonMembers, ValueEndFindsTheEndOfEachKindOfValue) {
    const QByteArray text = R"(["s\"]",{"a":[1,{"b":"}"}]},-12.5e3,true,null, [ ] ])";
    QList<QByteArray> values;
    for (qsizetype i = 1; i < text.size();) {
        while (i < text.size() && (isSpace(text.at(i)) || text.at(i) == ',')) ++i;
        if (text.at(i) == ']' && i == text.size() - 1) break;
        const qsizetype end = valueEnd(text, i);
        values << text.mid(i, end - i);
        i = end;
    }
    EXPECT_EQ(values, (QList<QByteArray>{R"("s\"]")", R"({"a":[1,{"b":"}"}]})", "-12.5e3", "true",
                                         "null", "[ ]"}));
}

// The trusted scan finds a string's end sixteen bytes at a time: quotes
// and backslashes at every position around those blocks.
TEST(JsonMembers, TrustedScanFindsStringEndsAtEveryPosition) {
    for (const QByteArray &piece : {QByteArray(R"(\")"), QByteArray(R"(\\)"), QByteArray(R"(\\\")"),
                                    QByteArray("\xc3\xa9")}) {
        for (int length : {0, 1, 15, 16, 17, 31, 32, 33}) {
            for (int at = 0; at <= length; ++at) {
                const QByteArray text = "{\"s\":\"" + QByteArray(length, 'a').insert(at, piece) +
                                        "\",\"t\":[\"" + QByteArray(length, 'b') + "\"]}";
                Members checked, trusted;
                ASSERT_TRUE(checked.scan(text)) << text.toStdString();
                ASSERT_TRUE(trusted.scanTrusted(text)) << text.toStdString();
                ASSERT_EQ(trusted.spans().size(), 2) << text.toStdString();
                for (qsizetype i = 0; i < 2; ++i)
                    EXPECT_EQ(trusted.spans().at(i).valueEnd, checked.spans().at(i).valueEnd)
                        << text.toStdString();
            }
        }
    }
}

// Stepping over a container finds its brackets sixteen bytes at a time:
// brackets and quotes at every position around those blocks, and strings
// holding brackets.
TEST(JsonMembers, ValueEndFindsContainerEndsAtEveryPosition) {
    for (const QByteArray &piece :
         {QByteArray("[]"), QByteArray("{}"), QByteArray(R"("]}")"), QByteArray(R"({"a":[1,"}"]})"),
          QByteArray(R"("\"]")")}) {
        for (int length : {0, 1, 15, 16, 17, 31, 32, 33}) {
            for (int at = 0; at <= length; ++at) {
                QByteArray inner = QByteArray(length, ' ');
                inner.insert(at, piece);
                const QByteArray array = "[" + inner + "]";
                const QByteArray text = array + ",\"after\"";
                EXPECT_EQ(valueEnd(text, 0), array.size()) << text.toStdString();
                const QByteArray object = "{\"k\":" + array + "}";
                EXPECT_EQ(valueEnd(object + " ]", 0), object.size()) << object.toStdString();
            }
        }
    }
}
