#pragma once

#include "UsageNames.h"

#include <QByteArray>
#include <array>
#include <optional>

namespace gatehouse {

// A usage object read in one pass over its text, for the shapes providers
// send: members whose values are whole numbers, strings without escapes,
// true/false/null, or objects of those. The validating scan that reads
// any object (TokenCounts.cpp's UsageText: a member tree, then look-ups)
// cost ~1,640 instructions a passed-through chat answer's usage; this
// ~1,210 (callgrind, tests/bench/instructions.sh).
//
// read() refuses (returns false) anything outside that plain shape
// (arrays, escapes, non-ASCII text, exponents, fractions or long numbers
// where a count is read, deeper nesting) and anything that is not JSON, so the
// caller reads it the general way: what read() accepts it reads exactly as
// UsageText does (tests/unit/TokenCountsTest, tests/fuzz/fuzz_usage).
class PlainUsage {
public:
    bool read(const QByteArray &text);

    bool has(UsageName key) const { return member_[key] >= 0; }
    std::optional<int> count(UsageName key) const {
        return counted_ & (1u << key) ? std::optional<int>(value_[key]) : std::nullopt;
    }
    // In the last member of that name, when it is an object (as a parsed
    // object has it).
    std::optional<int> count(UsageName object, UsageName key) const;

private:
    struct Inner {
        int parent;  // the outer member's index
        UsageName name;
        std::optional<int> value;
    };
    static constexpr int kMaxInner = 16;

    void note(int name, int member, std::optional<int> count);

    // Set by read(), member by member: left uninitialised, as building a
    // reader once a request is part of what it saves.
    std::array<int, kUsageNameCount> member_;  // the last outer member of each name; -1
    std::array<int, kUsageNameCount> value_;   // its count, where counted_ has its bit
    quint32 counted_ = 0;
    std::array<Inner, kMaxInner> inner_;  // the first innerCount_
    int innerCount_ = 0;
};

}  // namespace gatehouse
