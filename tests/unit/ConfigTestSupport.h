#pragma once

#include "config/ConfigLoader.h"

#include <gtest/gtest.h>

// Shared by the config tests: load text that must load, or must fail.
namespace gatehouse::testing {

inline GatewayConfig loadOk(const QByteArray &json,
                            const QString &source = QStringLiteral("t.json")) {
    GatewayConfig config;
    ConfigError error;
    const bool ok = ConfigLoader::loadJson(json, source, &config, &error);
    EXPECT_TRUE(ok) << qPrintable(error.toString());
    return config;
}

inline ConfigError loadError(const QByteArray &json) {
    GatewayConfig config;
    ConfigError error;
    const bool ok = ConfigLoader::loadJson(json, QStringLiteral("t.json"), &config, &error);
    EXPECT_FALSE(ok) << "expected the config to be rejected";
    return error;
}

}  // namespace gatehouse::testing
