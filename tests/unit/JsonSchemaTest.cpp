// The config-schema validator: the JSON Schema subset plugin configSchemas use.
#include "json/JsonSchema.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

using namespace gatehouse;

namespace {

QJsonValue json(const char *text) {
    // Wrapped so scalars parse too.
    const QByteArray wrapped = QByteArray("[") + text + "]";
    return QJsonDocument::fromJson(wrapped).array().at(0);
}

QStringList problems(const char *value, const char *schema) {
    QStringList out;
    for (const SchemaViolation &v : validateAgainstSchema(json(value), json(schema).toObject()))
        out << v.toString();
    return out;
}

const char *const kCacheSchema = R"({
    "type": "object", "additionalProperties": false,
    "required": ["ttl_seconds"],
    "properties": {
        "ttl_seconds": {"type": "number", "exclusiveMinimum": 0},
        "max_entries": {"type": "integer", "minimum": 1, "maximum": 100},
        "mode": {"enum": ["fast", "safe"]},
        "models": {"type": "array", "items": {"type": "string", "minLength": 1}}
    }})";

}  // namespace

TEST(JsonSchema, AcceptsAConfigThatFits) {
    EXPECT_EQ(problems(R"({"ttl_seconds": 2.5, "max_entries": 10, "mode": "safe",
                          "models": ["a", "b"]})",
                       kCacheSchema),
              QStringList());
}

TEST(JsonSchema, NamesAWrongTypeWithWhatWasFound) {
    EXPECT_EQ(problems(R"({"ttl_seconds": "long"})", kCacheSchema),
              QStringList{"ttl_seconds: must be number, not string"});
    EXPECT_EQ(problems(R"({"ttl_seconds": 1, "max_entries": 2.5})", kCacheSchema),
              QStringList{"max_entries: must be integer, not number"});
    EXPECT_EQ(problems(R"([1])", kCacheSchema), QStringList{"config must be object, not array"});
}

TEST(JsonSchema, IntegersAreNumbers) {
    EXPECT_EQ(problems(R"({"ttl_seconds": 3})", kCacheSchema), QStringList());
}

TEST(JsonSchema, ReportsMissingRequiredAndUnknownProperties) {
    EXPECT_EQ(problems(R"({"ttl": 3})", kCacheSchema),
              (QStringList{"ttl_seconds: is required",
                           "ttl: is not a known setting (known: max_entries, mode, models, "
                           "ttl_seconds)"}));
}

TEST(JsonSchema, ChecksBoundsAndEnums) {
    EXPECT_EQ(problems(R"({"ttl_seconds": 0})", kCacheSchema),
              QStringList{"ttl_seconds: must be greater than 0"});
    EXPECT_EQ(problems(R"({"ttl_seconds": 1, "max_entries": 0})", kCacheSchema),
              QStringList{"max_entries: must be at least 1"});
    EXPECT_EQ(problems(R"({"ttl_seconds": 1, "max_entries": 101})", kCacheSchema),
              QStringList{"max_entries: must be at most 100"});
    EXPECT_EQ(problems(R"({"ttl_seconds": 1, "mode": "slow"})", kCacheSchema),
              QStringList{R"(mode: must be one of "fast", "safe")"});
}

TEST(JsonSchema, ChecksEveryArrayItemByIndex) {
    EXPECT_EQ(problems(R"({"ttl_seconds": 1, "models": ["a", "", 3]})", kCacheSchema),
              (QStringList{"models/1: must be at least 1 characters long",
                           "models/2: must be string, not integer"}));
}

TEST(JsonSchema, AdditionalPropertiesMayBeASchema) {
    const char *schema = R"({"type": "object", "additionalProperties": {"type": "boolean"}})";
    EXPECT_EQ(problems(R"({"a": true})", schema), QStringList());
    EXPECT_EQ(problems(R"({"a": 1})", schema), QStringList{"a: must be boolean, not integer"});
}

TEST(JsonSchema, TypeMayBeAList) {
    const char *schema = R"({"type": ["string", "null"]})";
    EXPECT_EQ(problems(R"(null)", schema), QStringList());
    EXPECT_EQ(problems(R"(1)", schema), QStringList{"config must be string or null, not integer"});
}

TEST(JsonSchema, IgnoresKeywordsItDoesNotKnow) {
    EXPECT_EQ(problems(R"({"a": 1})", R"({"type": "object", "$schema": "x", "title": "t",
                                         "properties": {"a": {"format": "uri"}}})"),
              QStringList());
}

TEST(JsonSchema, EmptySchemaAcceptsAnything) {
    EXPECT_EQ(problems(R"({"x": [1, {"y": null}]})", "{}"), QStringList());
}
