#include <gtest/gtest.h>

#include "JsonTestUtil.h"
#include "http/SseParser.h"

using gatehouse::formatSseEvent;
using gatehouse::SseEvent;
using gatehouse::SseParser;

namespace {

QList<SseEvent> parseAll(const QByteArray &stream) {
    SseParser parser;
    return parser.feed(stream);
}

// Events as "event|data|id" strings, so whole sequences compare in one assertion.
std::vector<std::string> describe(const QList<SseEvent> &events) {
    std::vector<std::string> out;
    for (const SseEvent &e : events)
        out.push_back((e.event + '|' + e.data + '|' + e.id).toStdString());
    return out;
}

// Exercises every line ending, comments, ids, multi-line data and dropped events.
const QByteArray kMixedStream =
    "\xEF\xBB\xBF"
    ": comment\n"
    "event: first\r\n"
    "data: one\r"
    "data:two\n"
    "id: 7\n"
    "\r\n"
    "event: no-data\n"
    "\n"
    "data\r"
    "\r"
    "retry: 100\n"
    "data:  spaced\n"
    "unknown: x\n"
    "\n";

}  // namespace

TEST(SseParser, ParsesEventNameAndData) {
    const auto events = parseAll("event: message_start\ndata: {\"a\":1}\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].event, "message_start");
    EXPECT_EQ(events[0].data, "{\"a\":1}");
}

TEST(SseParser, EventWithoutNameLeavesEventEmpty) {
    const auto events = parseAll("data: x\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].event, "");
    EXPECT_EQ(events[0].data, "x");
}

TEST(SseParser, JoinsDataLinesWithNewline) {
    const auto events = parseAll("data: a\ndata: b\ndata: c\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].data, "a\nb\nc");
}

TEST(SseParser, StripsOnlyOneLeadingSpace) {
    EXPECT_EQ(parseAll("data:   x\n\n").value(0).data, "  x");
}

TEST(SseParser, ValueWithoutSpaceAfterColonIsKept) {
    EXPECT_EQ(parseAll("data:x\n\n").value(0).data, "x");
}

TEST(SseParser, KeepsColonsInsideValue) {
    EXPECT_EQ(parseAll("data: a: b:c\n\n").value(0).data, "a: b:c");
}

TEST(SseParser, FieldWithoutColonHasEmptyValue) {
    const auto events = parseAll("data\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].data, "");
}

TEST(SseParser, EmptyDataLinesAreKept) {
    EXPECT_EQ(parseAll("data:\ndata: x\ndata:\n\n").value(0).data, "\nx\n");
}

TEST(SseParser, IgnoresCommentLines) {
    const auto events = parseAll(": keep-alive\ndata: x\n: another\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].data, "x");
}

TEST(SseParser, DropsEventWithoutData) {
    EXPECT_TRUE(parseAll("event: ping\n\n").isEmpty());
}

TEST(SseParser, EventNameDoesNotLeakIntoNextEvent) {
    const auto events = parseAll("event: ping\n\ndata: x\n\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].event, "");
}

TEST(SseParser, AcceptsCrLfLineEndings) {
    const auto events = parseAll("event: e\r\ndata: a\r\ndata: b\r\n\r\n");
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].event, "e");
    EXPECT_EQ(events[0].data, "a\nb");
}

TEST(SseParser, AcceptsBareCrLineEndings) {
    const auto events = parseAll("data: a\rdata: b\r\rdata: c\r\r");
    EXPECT_EQ(describe(events), (std::vector<std::string>{"|a\nb|", "|c|"}));
}

TEST(SseParser, CrLfSplitAcrossFeedsIsOneLineEnd) {
    SseParser parser;
    EXPECT_TRUE(parser.feed("data: a\r").isEmpty());
    // The \n completes the \r above; only the following \r\n is the blank line.
    EXPECT_TRUE(parser.feed("\n").isEmpty());
    EXPECT_EQ(describe(parser.feed("\r\n")), (std::vector<std::string>{"|a|"}));
}

TEST(SseParser, CrAtChunkEndFollowedByCrIsBlankLine) {
    SseParser parser;
    EXPECT_TRUE(parser.feed("data: a\r").isEmpty());
    EXPECT_EQ(describe(parser.feed("\r")), (std::vector<std::string>{"|a|"}));
}

TEST(SseParser, HoldsIncompleteEventUntilBlankLine) {
    SseParser parser;
    EXPECT_TRUE(parser.feed("data: a\n").isEmpty());
    EXPECT_TRUE(parser.feed("data: b").isEmpty());
    EXPECT_EQ(describe(parser.feed("c\n\n")), (std::vector<std::string>{"|a\nbc|"}));
}

TEST(SseParser, ReturnsSeveralEventsFromOneFeed) {
    EXPECT_EQ(describe(parseAll("data: 1\n\ndata: 2\n\nevent: x\ndata: 3\n\n")),
              (std::vector<std::string>{"|1|", "|2|", "x|3|"}));
}

TEST(SseParser, LastEventIdCarriesOverToLaterEvents) {
    EXPECT_EQ(describe(parseAll("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")),
              (std::vector<std::string>{"|a|1", "|b|1", "|c|"}));
}

TEST(SseParser, IgnoresIdContainingNul) {
    const QByteArray stream("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n", 32);
    EXPECT_EQ(describe(parseAll(stream)), (std::vector<std::string>{"|a|1", "|b|1"}));
}

TEST(SseParser, IgnoresRetryAndUnknownFields) {
    EXPECT_EQ(describe(parseAll("retry: 10\nfoo: bar\nDATA: no\ndata: yes\n\n")),
              (std::vector<std::string>{"|yes|"}));
}

TEST(SseParser, SkipsLeadingByteOrderMark) {
    EXPECT_EQ(describe(parseAll("\xEF\xBB\xBF"
                                "data: x\n\n")),
              (std::vector<std::string>{"|x|"}));
}

TEST(SseParser, SkipsByteOrderMarkSplitAcrossFeeds) {
    SseParser parser;
    EXPECT_TRUE(parser.feed("\xEF").isEmpty());
    EXPECT_TRUE(parser.feed("\xBB").isEmpty());
    EXPECT_EQ(describe(parser.feed("\xBF"
                                   "data: x\n\n")),
              (std::vector<std::string>{"|x|"}));
}

TEST(SseParser, ByteOrderMarkLaterInStreamIsNotSkipped) {
    // It becomes part of the field name, so the line is an unknown field.
    EXPECT_TRUE(parseAll("\n\xEF\xBB\xBF"
                         "data: x\n\n")
                    .isEmpty());
}

TEST(SseParser, MixedStreamParsesAsSpecified) {
    EXPECT_EQ(describe(parseAll(kMixedStream)),
              (std::vector<std::string>{"first|one\ntwo|7", "||7", "| spaced|7"}));
}

TEST(SseParser, EverySplitPointGivesTheSameEvents) {
    const auto expected = describe(parseAll(kMixedStream));
    for (qsizetype split = 0; split <= kMixedStream.size(); ++split) {
        SseParser parser;
        QList<SseEvent> events = parser.feed(kMixedStream.left(split));
        events += parser.feed(kMixedStream.mid(split));
        EXPECT_EQ(describe(events), expected) << "split at " << split;
    }
}

TEST(SseParser, EveryPairOfSplitPointsGivesTheSameEvents) {
    const auto expected = describe(parseAll(kMixedStream));
    for (qsizetype a = 0; a <= kMixedStream.size(); ++a) {
        for (qsizetype b = a; b <= kMixedStream.size(); ++b) {
            SseParser parser;
            QList<SseEvent> events = parser.feed(kMixedStream.left(a));
            events += parser.feed(kMixedStream.mid(a, b - a));
            events += parser.feed(kMixedStream.mid(b));
            ASSERT_EQ(describe(events), expected) << "split at " << a << " and " << b;
        }
    }
}

TEST(SseParser, ByteByByteFeedGivesTheSameEvents) {
    SseParser parser;
    QList<SseEvent> events;
    for (char c : kMixedStream) events += parser.feed(QByteArray(1, c));
    EXPECT_EQ(describe(events), describe(parseAll(kMixedStream)));
}

TEST(SseParser, EventAtTheSizeCapPasses) {
    SseParser parser(10);
    const auto events = parser.feed("data: 0123456789\n\n");
    EXPECT_FALSE(parser.failed());
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0].data, "0123456789");
}

TEST(SseParser, FailsWhenEventDataExceedsCap) {
    SseParser parser(10);
    EXPECT_TRUE(parser.feed("data: 012345\ndata: 6789\n").isEmpty());
    EXPECT_TRUE(parser.failed());
    EXPECT_TRUE(parser.errorMessage().contains("10")) << parser.errorMessage().toStdString();
}

TEST(SseParser, FailsWhenUnterminatedLineExceedsCap) {
    // An unfinished line counts with its field name: it is raw bytes held in memory.
    SseParser parser(16);
    parser.feed("data: 0123456789");
    EXPECT_FALSE(parser.failed());
    parser.feed("x");
    EXPECT_TRUE(parser.failed());
}

TEST(SseParser, CapAppliesPerEventNotPerStream) {
    SseParser parser(10);
    QList<SseEvent> events;
    for (int i = 0; i < 5; ++i) events += parser.feed("data: 01234567\n\n");
    EXPECT_FALSE(parser.failed());
    EXPECT_EQ(events.size(), 5);
}

TEST(SseParser, StopsParsingAfterFailure) {
    SseParser parser(4);
    parser.feed("data: toolong\n");
    ASSERT_TRUE(parser.failed());
    EXPECT_TRUE(parser.feed("\ndata: x\n\n").isEmpty());
}

TEST(SseParser, KeepsEventsCompletedBeforeFailureInSameFeed) {
    SseParser parser(4);
    const auto events = parser.feed("data: ok\n\ndata: toolong\n");
    EXPECT_TRUE(parser.failed());
    EXPECT_EQ(describe(events), (std::vector<std::string>{"|ok|"}));
}

TEST(FormatSseEvent, WritesEventNameAndData) {
    EXPECT_EQ(formatSseEvent("ping", "{\"type\":\"ping\"}"),
              "event: ping\ndata: {\"type\":\"ping\"}\n\n");
}

TEST(FormatSseEvent, OmitsEmptyEventName) {
    EXPECT_EQ(formatSseEvent({}, "[DONE]"), "data: [DONE]\n\n");
}

TEST(FormatSseEvent, WritesOneDataLinePerLine) {
    EXPECT_EQ(formatSseEvent({}, "a\nb\r\nc\rd"), "data: a\ndata: b\ndata: c\ndata: d\n\n");
}

TEST(FormatSseEvent, EmptyDataStillWritesADataLine) {
    EXPECT_EQ(formatSseEvent("e", ""), "event: e\ndata: \n\n");
}

TEST(FormatSseEvent, TrailingNewlineBecomesEmptyLastLine) {
    EXPECT_EQ(formatSseEvent({}, "a\r\n"), "data: a\ndata: \n\n");
}

TEST(FormatSseEvent, RemovesLineBreaksFromEventName) {
    EXPECT_EQ(formatSseEvent("a\nb", "x"), "event: ab\ndata: x\n\n");
}

TEST(FormatSseEvent, ParserReadsBackWhatWasFormatted) {
    for (const QByteArray &data : {QByteArray("x"), QByteArray(""), QByteArray("a\nb"),
                                   QByteArray("\n\n"), QByteArray(" lead"), QByteArray(": c")}) {
        const auto events = parseAll(formatSseEvent("name", data));
        ASSERT_EQ(events.size(), 1) << data.toStdString();
        EXPECT_EQ(events[0].event, "name");
        EXPECT_EQ(events[0].data, data);
    }
}

// An event is written in one piece when nothing in it breaks a line, and
// line by line otherwise; either way a parser reads back what was written.
TEST(SseParser, FormattedEventsParseBackToWhatWasWritten) {
    const QList<std::pair<QByteArray, QByteArray>> events = {
        {"content_block_delta", R"({"delta":{"text":"hi"}})"},
        {"", R"({"choices":[]})"},
        {"multi", "line one\nline two\r\nline three\rend"},
        {"bad\nname", "data"},
        {"x", ""},
    };
    for (const auto &[event, data] : events) {
        const QByteArray text = formatSseEvent(event, data);
        const QList<SseEvent> parsed = parseAll(text);
        ASSERT_EQ(parsed.size(), 1) << text.toStdString();
        QByteArray name = event;
        name.replace('\n', "");
        EXPECT_EQ(parsed.at(0).event.toStdString(), name.toStdString());
        QByteArray lines = data;
        lines.replace("\r\n", "\n").replace('\r', '\n');
        EXPECT_EQ(parsed.at(0).data.toStdString(), lines.toStdString());
    }
    EXPECT_EQ(formatSseEvent("e", "{}").toStdString(), "event: e\ndata: {}\n\n");
    EXPECT_EQ(formatSseEvent("", "{}").toStdString(), "data: {}\n\n");
}
