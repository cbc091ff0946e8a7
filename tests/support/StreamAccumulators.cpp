#include "StreamAccumulators.h"

#include <gtest/gtest.h>
#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::test {

void AnthropicAccumulator::apply(const SseEvent &event) {
    names_.append(event.event);
    QJsonParseError error{};
    const QJsonObject data = QJsonDocument::fromJson(event.data, &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError) << event.data.toStdString();
    const QString type = data.value("type").toString();
    // The SDKs dispatch on data.type; the SSE event name must agree with it.
    EXPECT_EQ(type.toStdString(), event.event.toStdString());
    EXPECT_FALSE(stopped_) << "event after message_stop: " << event.data.toStdString();
    if (type != "message_start" && type != "error" && type != "ping") {
        ASSERT_TRUE(started_) << "event before message_start: " << event.data.toStdString();
    }

    if (type == "message_start") {
        EXPECT_FALSE(started_) << "second message_start";
        started_ = true;
        message_ = data.value("message").toObject();
        EXPECT_EQ(message_.value("type").toString().toStdString(), "message");
        EXPECT_EQ(message_.value("role").toString().toStdString(), "assistant");
        EXPECT_TRUE(message_.value("content").isArray());
        EXPECT_TRUE(message_.value("content").toArray().isEmpty());
        EXPECT_FALSE(message_.value("id").toString().isEmpty());
        EXPECT_TRUE(message_.value("usage").toObject().value("input_tokens").isDouble());
        EXPECT_TRUE(message_.value("usage").toObject().value("output_tokens").isDouble());
    } else if (type == "content_block_start") {
        QJsonArray content = message_.value("content").toArray();
        EXPECT_EQ(openBlock_, -1) << "block started while another is open";
        // The SDKs push the block; its index must be where it lands.
        EXPECT_EQ(data.value("index").toInt(), content.size());
        const QJsonObject block = data.value("content_block").toObject();
        if (block.value("type") == "tool_use") {
            EXPECT_FALSE(block.value("id").toString().isEmpty());
            EXPECT_FALSE(block.value("name").toString().isEmpty());
            EXPECT_TRUE(block.value("input").isObject());
        }
        content.append(block);
        message_["content"] = content;
        openBlock_ = data.value("index").toInt();
    } else if (type == "content_block_delta") {
        const int index = data.value("index").toInt();
        EXPECT_EQ(index, openBlock_) << "delta for a block that is not open";
        QJsonArray content = message_.value("content").toArray();
        ASSERT_LT(index, content.size());
        QJsonObject block = content.at(index).toObject();
        const QJsonObject delta = data.value("delta").toObject();
        const QString deltaType = delta.value("type").toString();
        if (deltaType == "text_delta") {
            ASSERT_EQ(block.value("type").toString().toStdString(), "text");
            block["text"] = block.value("text").toString() + delta.value("text").toString();
        } else if (deltaType == "thinking_delta") {
            ASSERT_EQ(block.value("type").toString().toStdString(), "thinking");
            block["thinking"] =
                block.value("thinking").toString() + delta.value("thinking").toString();
        } else if (deltaType == "signature_delta") {
            ASSERT_EQ(block.value("type").toString().toStdString(), "thinking");
            block["signature"] = delta.value("signature").toString();
        } else if (deltaType == "input_json_delta") {
            ASSERT_EQ(block.value("type").toString().toStdString(), "tool_use");
            jsonBuffers_[index] += delta.value("partial_json").toString();
        } else {
            ADD_FAILURE() << "unknown delta type " << deltaType.toStdString();
        }
        content[index] = block;
        message_["content"] = content;
    } else if (type == "content_block_stop") {
        const int index = data.value("index").toInt();
        EXPECT_EQ(index, openBlock_);
        openBlock_ = -1;
        QJsonArray content = message_.value("content").toArray();
        QJsonObject block = content.at(index).toObject();
        if (block.value("type") == "tool_use" && jsonBuffers_.contains(index)) {
            QJsonParseError inputError{};
            const QJsonDocument input =
                QJsonDocument::fromJson(jsonBuffers_.value(index).toUtf8(), &inputError);
            EXPECT_EQ(inputError.error, QJsonParseError::NoError)
                << jsonBuffers_.value(index).toStdString();
            block["input"] = input.object();
        }
        content[index] = block;
        message_["content"] = content;
    } else if (type == "message_delta") {
        EXPECT_EQ(openBlock_, -1) << "message_delta with a block open";
        const QJsonObject delta = data.value("delta").toObject();
        message_["stop_reason"] = delta.value("stop_reason");
        message_["stop_sequence"] = delta.value("stop_sequence");
        const QJsonObject usage = data.value("usage").toObject();
        // The Python SDK's MessageDeltaUsage requires output_tokens.
        EXPECT_TRUE(usage.value("output_tokens").isDouble());
        QJsonObject total = message_.value("usage").toObject();
        for (auto it = usage.begin(); it != usage.end(); ++it)
            if (!it.value().isNull()) total[it.key()] = it.value();
        message_["usage"] = total;
    } else if (type == "message_stop") {
        EXPECT_EQ(openBlock_, -1);
        stopped_ = true;
    } else if (type == "error") {
        stopped_ = true;
    } else if (type != "ping") {
        ADD_FAILURE() << "unknown event " << type.toStdString();
    }
}

void ChatAccumulator::apply(const QJsonObject &chunk) {
    ++chunkCount;
    EXPECT_EQ(chunk.value("object").toString().toStdString(), "chat.completion.chunk");
    EXPECT_TRUE(chunk.value("id").isString());
    EXPECT_TRUE(chunk.value("created").isDouble());
    EXPECT_TRUE(chunk.value("model").isString());
    EXPECT_TRUE(finishReason.isEmpty()) << "chunk after the finish_reason chunk";
    if (chunk.value("usage").isObject()) usage = chunk.value("usage").toObject();
    const QJsonArray choices = chunk.value("choices").toArray();
    ASSERT_EQ(choices.size(), 1);
    const QJsonObject choice = choices.at(0).toObject();
    EXPECT_EQ(choice.value("index").toInt(-1), 0);
    ASSERT_TRUE(choice.contains("finish_reason"));
    const QJsonObject delta = choice.value("delta").toObject();
    if (delta.contains("role")) role = delta.value("role").toString();
    content += delta.value("content").toString();
    reasoning += delta.value("reasoning_content").toString();
    for (const QJsonValue &value : delta.value("tool_calls").toArray()) {
        const QJsonObject call = value.toObject();
        ASSERT_TRUE(call.value("index").isDouble());
        ToolCall &acc = toolCalls[call.value("index").toInt()];
        if (call.contains("id")) acc.id = call.value("id").toString();
        const QJsonObject function = call.value("function").toObject();
        if (function.contains("name")) acc.name = function.value("name").toString();
        acc.arguments += function.value("arguments").toString();
    }
    if (choice.value("finish_reason").isString())
        finishReason = choice.value("finish_reason").toString();
}

}  // namespace gatehouse::test
