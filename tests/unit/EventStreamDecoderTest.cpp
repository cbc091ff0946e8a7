// Bedrock's binary event stream framing: whole frames, frames split at every
// byte, several frames in one read, and each kind of corruption.
#include <gtest/gtest.h>

#include "providers/bedrock/EventStreamDecoder.h"

#include <QtEndian>

using namespace gatehouse::aws;

namespace {

QByteArray event(const QByteArray &type, const QByteArray &payload) {
    return encodeEventStreamMessage(
        {{":message-type", "event"}, {":event-type", type}, {":content-type", "application/json"}},
        payload);
}

TEST(EventStreamDecoderTest, DecodesOneFrame) {
    EventStreamDecoder d;
    const auto messages = d.feed(event("contentBlockDelta", R"({"delta":{"text":"hi"}})"));
    ASSERT_FALSE(d.failed()) << d.errorMessage().toStdString();
    ASSERT_EQ(messages.size(), 1);
    EXPECT_EQ(messages[0].header(":event-type"), "contentBlockDelta");
    EXPECT_EQ(messages[0].header(":message-type"), "event");
    EXPECT_EQ(messages[0].payload, R"({"delta":{"text":"hi"}})");
}

TEST(EventStreamDecoderTest, FrameSplitAtEveryByte) {
    const QByteArray stream = event("messageStart", R"({"role":"assistant"})") +
                              event("messageStop", R"({"stopReason":"end_turn"})");
    EventStreamDecoder d;
    QList<EventStreamMessage> all;
    for (char c : stream) all += d.feed(QByteArray(1, c));
    ASSERT_FALSE(d.failed());
    ASSERT_EQ(all.size(), 2);
    EXPECT_EQ(all[0].header(":event-type"), "messageStart");
    EXPECT_EQ(all[1].payload, R"({"stopReason":"end_turn"})");
}

TEST(EventStreamDecoderTest, SeveralFramesInOneRead) {
    QByteArray stream;
    for (int i = 0; i < 5; ++i) stream += event("contentBlockDelta", QByteArray::number(i));
    EventStreamDecoder d;
    // Two and a half frames, then the rest.
    const qsizetype cut = stream.size() / 2;
    auto first = d.feed(stream.left(cut));
    auto rest = d.feed(stream.mid(cut));
    ASSERT_FALSE(d.failed());
    EXPECT_EQ(first.size(), 2);
    ASSERT_EQ(first.size() + rest.size(), 5);
    EXPECT_EQ(rest.last().payload, "4");
}

TEST(EventStreamDecoderTest, EmptyPayloadAndNoHeaders) {
    EventStreamDecoder d;
    const auto messages = d.feed(encodeEventStreamMessage({}, {}));
    ASSERT_EQ(messages.size(), 1);
    EXPECT_TRUE(messages[0].headers.isEmpty());
    EXPECT_TRUE(messages[0].payload.isEmpty());
}

TEST(EventStreamDecoderTest, CorruptedPreludeCrcFails) {
    QByteArray frame = event("messageStart", "{}");
    frame[9] = char(frame[9] ^ 0x01);
    EventStreamDecoder d;
    EXPECT_TRUE(d.feed(frame).isEmpty());
    ASSERT_TRUE(d.failed());
    EXPECT_NE(d.errorMessage().indexOf(QLatin1String("prelude checksum")), -1);
    // Nothing is read after a failure, not even a good frame.
    EXPECT_TRUE(d.feed(event("messageStart", "{}")).isEmpty());
}

TEST(EventStreamDecoderTest, CorruptedPayloadFailsMessageCrc) {
    const QByteArray good = event("messageStart", "{}");
    QByteArray bad = event("contentBlockDelta", R"({"delta":{"text":"abc"}})");
    bad[bad.size() - 6] = 'X';  // inside the payload
    EventStreamDecoder d;
    const auto messages = d.feed(good + bad);
    EXPECT_EQ(messages.size(), 1);  // the good frame before it still counts
    ASSERT_TRUE(d.failed());
    EXPECT_NE(d.errorMessage().indexOf(QLatin1String("message checksum")), -1);
}

// CRC-32 (IEEE) computed bit by bit, independent of the decoder's zlib.
quint32 referenceCrc(QByteArrayView bytes) {
    quint32 c = 0xFFFFFFFFu;
    for (char ch : bytes) {
        c ^= quint8(ch);
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

// A frame from a raw header block, with `total` and `headersLength` as
// declared (the real ones unless given) and both checksums right.
QByteArray rawFrame(const QByteArray &headers, const QByteArray &payload, quint32 total = 0,
                    quint32 headersLength = 0) {
    QByteArray out(12, '\0');
    qToBigEndian<quint32>(total ? total : quint32(16 + headers.size() + payload.size()),
                          out.data());
    qToBigEndian<quint32>(headersLength ? headersLength : quint32(headers.size()), out.data() + 4);
    qToBigEndian<quint32>(referenceCrc(QByteArrayView(out.constData(), 8)), out.data() + 8);
    out += headers + payload;
    char crc[4];
    qToBigEndian<quint32>(referenceCrc(out), crc);
    out.append(crc, 4);
    return out;
}

TEST(EventStreamDecoderTest, EncoderMatchesReferenceFraming) {
    const QByteArray headers =
        char(2) + QByteArray("ab") + char(7) + QByteArray::fromHex("0003") + QByteArray("xyz");
    EXPECT_EQ(encodeEventStreamMessage({{"ab", "xyz"}}, "data"), rawFrame(headers, "data"));
}

TEST(EventStreamDecoderTest, OversizedFrameFailsAtOnce) {
    // Refused from its prelude, before any 16 MiB are waited for.
    EventStreamDecoder d;
    EXPECT_TRUE(
        d.feed(rawFrame({}, {}, EventStreamDecoder::kMaxMessageBytes + 1).left(12)).isEmpty());
    ASSERT_TRUE(d.failed());
    EXPECT_NE(d.errorMessage().indexOf(QLatin1String("not possible")), -1);
}

TEST(EventStreamDecoderTest, ImpossibleLengthsFail) {
    for (const QByteArray &frame : {rawFrame({}, {}, 8), rawFrame("abc", {}, 0, 100)}) {
        EventStreamDecoder d;
        d.feed(frame);
        EXPECT_TRUE(d.failed());
    }
}

TEST(EventStreamDecoderTest, TruncatedHeaderFails) {
    // A string header that claims 50 bytes in a 7-byte header block.
    const QByteArray headers = char(1) + QByteArray("s") + char(7) + QByteArray::fromHex("0032");
    EventStreamDecoder d;
    d.feed(rawFrame(headers + "ab", "payload", 0, quint32(headers.size() + 2)));
    ASSERT_TRUE(d.failed());
    EXPECT_NE(d.errorMessage().indexOf(QLatin1String("truncated header")), -1);
}

TEST(EventStreamDecoderTest, UnknownHeaderTypeFails) {
    const QByteArray headers = char(1) + QByteArray("x") + char(42);
    EventStreamDecoder d;
    d.feed(rawFrame(headers, {}));
    EXPECT_TRUE(d.failed());
}

TEST(EventStreamDecoderTest, ReadsOtherHeaderTypes) {
    QByteArray headers;
    headers += char(1) + QByteArray("n") + char(4) + QByteArray::fromHex("00000007");
    headers += char(1) + QByteArray("b") + char(0);
    headers += char(1) + QByteArray("f") + char(1);
    headers += char(1) + QByteArray("l") + char(8) + QByteArray::fromHex("0000000000000100");
    headers += char(1) + QByteArray("u") + char(9) + QByteArray(16, '\x01');
    headers += char(1) + QByteArray("s") + char(7) + QByteArray::fromHex("0002") + "ok";
    EventStreamDecoder d;
    const auto messages = d.feed(rawFrame(headers, "payload"));
    ASSERT_FALSE(d.failed()) << d.errorMessage().toStdString();
    ASSERT_EQ(messages.size(), 1);
    EXPECT_EQ(messages[0].header("n"), "7");
    EXPECT_EQ(messages[0].header("b"), "true");
    EXPECT_EQ(messages[0].header("f"), "false");
    EXPECT_EQ(messages[0].header("l"), "256");
    EXPECT_EQ(messages[0].header("u"), QByteArray(16, '\x01').toHex());
    EXPECT_EQ(messages[0].header("s"), "ok");
    EXPECT_EQ(messages[0].payload, "payload");
}

}  // namespace
