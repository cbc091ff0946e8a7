// Regression tests for what the fuzz targets (tests/fuzz) found, one per
// finding, with the input that found it (also kept in the target's corpus).
#include "json/JsonValidator.h"

#include <gtest/gtest.h>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

bool qtParsesAsObject(const QByteArray &json) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    return error.error == QJsonParseError::NoError && doc.isObject();
}

}  // namespace

// fuzz_json_request: the validator passed numbers beyond a double, which Qt's
// parser refuses; an answer passed on as valid then failed to parse (an
// Anthropic client got an empty translation instead of a 502).
TEST(FuzzFindings, ValidatorAgreesWithQtOnNumbersBeyondADouble) {
    const QByteArray found =
        R"({"model":"mock/echo","messages":[{"role":"user","content":"\u083d\ude00\n\"\\ \u0000"}],"n":-1.5e340})";
    EXPECT_FALSE(qtParsesAsObject(found));
    EXPECT_FALSE(isValidJsonObject(found));
    for (const QByteArray &n :
         QList<QByteArray>{"1e400", "-1e309", "1e-400", "1" + QByteArray(400, '0'),
                           "0." + QByteArray(400, '0') + "1"}) {
        const QByteArray json = "{\"n\":" + n + "}";
        EXPECT_EQ(isValidJsonObject(json), qtParsesAsObject(json)) << n.left(40).toStdString();
        EXPECT_FALSE(isValidJsonObject(json)) << n.left(40).toStdString();
    }
    // In range, including denormals and zero with any exponent: valid.
    for (const QByteArray n :
         {"1e308", "1e-310", "0e-400", "0.0e999", "-2.5E+10", "123456789012345678901234567890"}) {
        const QByteArray json = "{\"n\":" + n + "}";
        EXPECT_TRUE(isValidJsonObject(json)) << n.toStdString();
        EXPECT_TRUE(qtParsesAsObject(json)) << n.toStdString();
    }
}
