#pragma once

#include "Price.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <optional>

namespace gatehouse {

// The prices of a model in force at one time (genai-prices' ModelPrice): a
// price per unit key. Gatehouse counts prompt, cached, cache-written, output
// and reasoning tokens and requests; the keys for those have fields. Every
// other key (audio and image tokens, one-hour cache writes, web searches,
// pages, ...) is kept in `other` as read, so nothing in the catalogue is
// lost, but never charged: Gatehouse has no count to multiply it by.
struct PriceSet {
    std::optional<Price> input;            // input_mtok
    std::optional<Price> cacheRead;        // cache_read_mtok
    std::optional<Price> cacheWrite;       // cache_write_mtok
    std::optional<Price> output;           // output_mtok
    std::optional<Price> outputReasoning;  // output_reasoning_mtok (where priced apart)
    std::optional<Price> requests;         // requests_kcount: per thousand requests
    QMap<QString, Price> other;

    static std::optional<PriceSet> fromJson(const QJsonObject &object, const JsonPath &path,
                                            QString *error);
    QJsonObject toJson() const;

    // Whether any key Gatehouse charges for is priced.
    bool hasCountedPrice() const;
    bool isEmpty() const { return !hasCountedPrice() && other.isEmpty(); }

    // Keys a set may not have alone: pricing the part of a count without its
    // whole ("cache_read_mtok without input_mtok") is a broken set, refused
    // in overrides and unpriced in the catalogue. Empty when consistent.
    QString inconsistency() const;

    // The key names, for messages and the override reader.
    static const QString kInput, kCacheRead, kCacheWrite, kOutput, kOutputReasoning, kRequests;
};

}  // namespace gatehouse
