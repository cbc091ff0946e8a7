// What the config editor says about a text, and on which line.
#include "ConfigCheck.h"

#include <gtest/gtest.h>
#include <QJsonDocument>

namespace gatehouse {
namespace {

const QJsonObject kSchema = QJsonDocument::fromJson(R"({
    "type": "object", "additionalProperties": false,
    "properties": {
        "ttl_seconds": {"type": "number", "exclusiveMinimum": 0},
        "models": {"type": "array", "items": {"type": "string"}}
    }})")
                                .object();

TEST(ConfigCheck, AcceptsAValidConfig) {
    const ConfigCheck c = checkPluginConfig("{\"ttl_seconds\": 3}", kSchema);
    EXPECT_TRUE(c.ok) << c.message.toStdString();
    EXPECT_EQ(c.config, QJsonObject({{"ttl_seconds", 3}}));
}

TEST(ConfigCheck, NamesTheLineAndColumnOfASyntaxError) {
    const ConfigCheck c = checkPluginConfig("{\n  \"ttl_seconds\": 3\n  \"x\": 1\n}", kSchema);
    EXPECT_FALSE(c.ok);
    EXPECT_EQ(c.line, 3);
    EXPECT_TRUE(c.message.startsWith("Line 3, column")) << c.message.toStdString();
}

TEST(ConfigCheck, NamesTheLineOfASchemaProblem) {
    const ConfigCheck c = checkPluginConfig(
        "{\n  \"ttl_seconds\": 3,\n  \"models\": [\n    \"a\",\n    7\n  ]\n}", kSchema);
    EXPECT_FALSE(c.ok);
    EXPECT_EQ(c.line, 5);
    EXPECT_EQ(c.message, QStringLiteral("Line 5: models/1: must be string, not integer"));
}

TEST(ConfigCheck, RefusesANonObject) {
    const ConfigCheck c = checkPluginConfig("[1, 2]", kSchema);
    EXPECT_FALSE(c.ok);
    EXPECT_EQ(c.line, 1);
}

}  // namespace
}  // namespace gatehouse
