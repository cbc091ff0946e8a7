// A Responses request written straight as chat bytes (requestToChatBytes)
// must give the chat request and the context that the canonical decode
// (requestToChat) gives, byte for byte when the request is written as Qt
// writes JSON; every shape it does not read is refused, and the canonical
// decode answers it as before.
#include <gtest/gtest.h>

#include "ClientFixtures.h"
#include "codecs/responses/JsonMembers.h"
#include "codecs/responses/ResponseWriter.h"
#include "codecs/responses/ResponsesRequestBytes.h"
#include "codecs/responses/ResponsesShared.h"
#include "translate/PassThroughBody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace gatehouse;
using namespace gatehouse::responses;

namespace {

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// What the gateway sends for the canonical decode: the chat request
// without "fallbacks", with the provider's model and, streaming, the
// usage asked for.
QJsonObject canonicalBody(QJsonObject chat) {
    chat.remove(QStringLiteral("fallbacks"));
    chat[QStringLiteral("model")] = QStringLiteral("provider-model");
    if (chat.value(QLatin1String("stream")).toBool())
        chat[QStringLiteral("stream_options")] =
            QJsonObject{{QStringLiteral("include_usage"), true}};
    return chat;
}

// The fast path's context in the canonical decode's terms: the echo and
// the conversation decoded from their text.
CodecContext asCanonicalContext(CodecContext context) {
    if (!context.echoJson.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument echoed = QJsonDocument::fromJson(context.echoJson, &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << context.echoJson.toStdString();
        context.echo = echoed.object();
        context.echoJson.clear();
    }
    if (context.conversationJson) {
        QJsonParseError error;
        const QJsonDocument conversation =
            QJsonDocument::fromJson(*context.conversationJson, &error);
        EXPECT_EQ(error.error, QJsonParseError::NoError) << context.conversationJson->toStdString();
        EXPECT_TRUE(conversation.isArray());
        context.conversation = conversation.array();
        context.conversationJson.reset();
    }
    return context;
}

// An answer's text with its item ids (a per-process counter) blanked.
QByteArray withoutItemIds(const QByteArray &json) {
    static const QRegularExpression itemId(QStringLiteral("\"(msg|rs|fc)_[0-9a-f]+\""));
    return QString::fromUtf8(json).replace(itemId, QStringLiteral("\"\\1_\"")).toUtf8();
}

// An object's keys in the order its text has them.
std::vector<std::string> keysOf(const QByteArray &json) {
    Members members;
    EXPECT_TRUE(members.scan(json));
    std::vector<std::string> keys;
    for (const JsonMemberSpan &s : members.spans())
        keys.push_back(members.keyOf(s).toByteArray().toStdString());
    return keys;
}

// The canonical decode's echo with the defaults the answer writes for
// members the request left out (the byte path writes them ahead).
QJsonObject withDefaults(QJsonObject echo) {
    for (const EchoedField &f : kEchoedFields)
        if (f.whenAbsent && !echo.contains(QLatin1String(f.key)))
            echo.insert(
                QLatin1String(f.key),
                QJsonDocument::fromJson(QByteArray("[") + f.whenAbsent + "]").array().at(0));
    return echo;
}

// Both ways agree on `request`; `bytesAlike`: also on every byte.
void expectSameAsCanonical(const QByteArray &request, bool bytesAlike) {
    SCOPED_TRACE(request.toStdString());
    QJsonObject chat;
    CodecContext context;
    QStringList dropped;
    QString error;
    ASSERT_TRUE(requestToChat(QJsonDocument::fromJson(request).object(), nullptr, &chat, &context,
                              &dropped, &error))
        << error.toStdString();

    PassThroughBody fast;
    CodecContext fastContext;
    QStringList fastDropped;
    ASSERT_TRUE(
        requestToChatBytes(request, &fast.bytes, &fast.modelAt, &fastContext, &fastDropped));
    EXPECT_EQ(fastDropped, dropped);
    const QByteArray sent = fast.withModel(QStringLiteral("provider-model"));
    QJsonParseError parse;
    const QJsonObject fastChat = QJsonDocument::fromJson(sent, &parse).object();
    ASSERT_EQ(parse.error, QJsonParseError::NoError) << sent.toStdString();
    const QJsonObject expected = canonicalBody(chat);
    EXPECT_EQ(fastChat, expected) << sent.toStdString() << "\n" << compact(expected).toStdString();
    if (bytesAlike) {
        EXPECT_EQ(sent.toStdString(), compact(expected).toStdString());
    }

    EXPECT_TRUE(fastContext.responseId.startsWith("resp_"));
    EXPECT_EQ(fastContext.keepsConversation(), context.keepsConversation());
    // The answer written with either context is the same object, its
    // members in the same order: the echo written ahead holds the same
    // members and defaults (its values as the request wrote them).
    ChatAnswer answer;
    answer.content = QStringLiteral("hi");
    answer.finishReason = QStringLiteral("stop");
    context.responseId = fastContext.responseId;
    const QByteArray fastAnswer = writeResponse(answer, fastContext),
                     answerText = writeResponse(answer, context);
    EXPECT_EQ(QJsonDocument::fromJson(withoutItemIds(fastAnswer)).object(),
              QJsonDocument::fromJson(withoutItemIds(answerText)).object());
    EXPECT_EQ(keysOf(fastAnswer), keysOf(answerText));
    fastContext = asCanonicalContext(fastContext);
    EXPECT_EQ(fastContext.echo, withDefaults(context.echo))
        << compact(fastContext.echo).toStdString() << "\n"
        << compact(context.echo).toStdString();
    EXPECT_EQ(fastContext.conversation, context.conversation);
    EXPECT_EQ(fastContext.customTools, context.customTools);
    EXPECT_FALSE(context.conversationJson);
}

bool refused(const QByteArray &request) {
    QByteArray chat;
    qsizetype modelAt = -1;
    CodecContext context;
    QStringList dropped;
    const bool read = requestToChatBytes(request, &chat, &modelAt, &context, &dropped);
    EXPECT_TRUE(read || dropped.isEmpty()) << "notes left behind by a refusal";
    return !read;
}

// A recorded request with what the fast path does not read taken out:
// only its own message items, strings and numbers.
QJsonObject readableOnly(const QJsonObject &request) {
    static const QStringList kept{
        "model", "input",  "instructions", "user",     "max_output_tokens", "temperature",
        "top_p", "stream", "store",        "metadata", "include",           "stream_options"};
    QJsonObject out;
    for (auto it = request.begin(); it != request.end(); ++it)
        if (kept.contains(it.key())) out.insert(it.key(), it.value());
    if (out.value("input").isArray()) {
        QJsonArray messages;
        for (const QJsonValue &item : out.value("input").toArray()) {
            const QJsonObject o = item.toObject();
            if (o.value("type").toString("message") != "message") continue;
            bool textOnly = o.value("content").isString();
            for (const QJsonValue &part : o.value("content").toArray())
                textOnly = part.toObject().value("text").isString();
            if (textOnly) messages.append(o);
        }
        out.insert("input", messages);
    }
    return out;
}

}  // namespace

TEST(ResponsesRequestBytes, RecordedClientsWriteTheCanonicalChatBody) {
    // The recorded Responses requests of real clients (Codex, the AI SDK,
    // the Agents SDK).
    const QList<QJsonObject> recorded = test::recordedBodies(QStringLiteral("/v1/responses"));
    ASSERT_GE(recorded.size(), 5) << "fixtures missing under " << GATEHOUSE_CLIENT_FIXTURES;
    int fast = 0, withTools = 0;
    for (const QJsonObject &request : recorded) {
        // As recorded: only custom tools' calls go the canonical way.
        const QByteArray whole = compact(request);
        if (!refused(whole)) {
            expectSameAsCanonical(whole, true);
            ++fast;
            if (request.contains(QLatin1String("tools")) ||
                whole.contains("\"function_call_output\""))
                ++withTools;
        } else {
            EXPECT_TRUE(whole.contains("\"custom_tool_call")) << whole.toStdString();
        }
        expectSameAsCanonical(compact(readableOnly(request)), true);
    }
    // Codex's and the Agents SDK's turns with function tools and their
    // calls' outputs take the byte path.
    EXPECT_GE(fast, recorded.size() - 1);
    EXPECT_GE(withTools, 6);
}

TEST(ResponsesRequestBytes, ToolsAndToolCallsWriteTheCanonicalChatBody) {
    const char *const requests[] = {
        R"({"model":"p/m","input":"x","tools":[{"type":"function","name":"f"}]})",
        R"({"model":"p/m","input":"x","tool_choice":"auto","parallel_tool_calls":false})",
        R"({"model":"p/m","input":"x","tools":[],"tool_choice":"required"})",
        R"({"model":"p/m","input":"x","tools":[{"type":"function","name":"f","description":"d",
            "parameters":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},
            "strict":true}],"tool_choice":"required","parallel_tool_calls":true})",
        R"({"model":"p/m","input":"x","tools":[{"type":"function","name":"f","description":null,
            "parameters":null,"strict":null},{"type":"web_search"},{"type":"function","name":"g",
            "parameters":{}}],"tool_choice":{"type":"function","name":"g"}})",
        R"({"model":"p/m","input":"x","tools":[{"type":"web_search"}],"tool_choice":"auto",
            "parallel_tool_calls":true})",
        R"({"model":"p/m","input":[{"role":"user","content":"a"},
            {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"e"},
            {"type":"function_call","id":"fc_1","call_id":"c1","name":"f","arguments":"{\"a\":1}",
             "status":"completed"},
            {"type":"function_call","call_id":"c2","name":"g"},
            {"type":"function_call_output","call_id":"c1","output":"one"},
            {"type":"function_call_output","call_id":"c2","output":""},
            {"type":"message","role":"assistant","content":[{"type":"output_text","text":"done"}]},
            {"type":"function_call","call_id":"c3","name":"f","arguments":null},
            {"role":"assistant","content":""},
            {"type":"function_call","call_id":"c4","name":"f","arguments":"{}"},
            {"role":"user","content":"b"},
            {"type":"function_call","call_id":"c5","name":"f","arguments":"{}"}],
            "tools":[{"type":"function","name":"f"},{"type":"function","name":"g"}]})",
        R"({"model":"p/m","input":[{"type":"item_reference","id":"x"},
            {"type":"message","role":"assistant","content":"a"}]})",
        R"({"model":"p/m","input":"x","reasoning":{"effort":"high","summary":"auto"},
            "text":{"verbosity":"low"}})",
        R"({"model":"p/m","input":"x","reasoning":{"summary":"auto"},"text":{"format":{"type":"text"}},
            "prompt_cache_key":"k","client_metadata":{"a":"b"},"truncation":null,"service_tier":"auto"})",
        R"({"model":"p/m","input":"x","reasoning":null,"text":null,"tools":null,"tool_choice":null})",
    };
    for (const char *r : requests) expectSameAsCanonical(QByteArray(r), false);
    for (const char *r : requests)
        expectSameAsCanonical(compact(QJsonDocument::fromJson(r).object()), true);
}

TEST(ResponsesRequestBytes, CommonShapesWriteTheCanonicalChatBody) {
    const char *const requests[] = {
        R"({"model":"p/m","input":"Say hello"})",
        R"({"model":"p/m","input":"Say hello","store":false})",
        R"({"model":"p/m","input":"Say hello","store":null,"stream":true})",
        R"({"model":"p/m","input":"hi","stream":false,"fallbacks":["q/n"]})",
        R"({"fallbacks":[],"model":"p/m","input":"hi","instructions":"Be brief."})",
        R"({"model":"p/m","instructions":null,"input":null})",
        R"({"model":"p/m","instructions":""})",
        R"({"model":"p/m","input":[]})",
        R"({"model":"p/m","input":[{"role":"user","content":"a"},
            {"type":"message","role":"assistant","id":"msg_1","status":"completed",
             "content":[{"type":"output_text","text":"b","annotations":[]}]},
            {"role":"developer","content":[{"type":"input_text","text":"c"}]},
            {"role":"system","content":"d"},
            {"role":"user","content":[]},
            {"role":"user","content":[{"type":"input_text","text":"e"},{"type":"text","text":"f"}]}]})",
        R"({"model":"p/m","input":"x","max_output_tokens":64,"temperature":0.2,"top_p":1,
            "user":"u-1","metadata":{"k":"v"},"previous_response_id":null,
            "include":["reasoning.encrypted_content"],"stream_options":{"include_obfuscation":false}})",
        R"({"model":"p/m","input":"x","temperature":null,"top_p":null,"user":null,"metadata":null,
            "max_output_tokens":null})",
    };
    for (const char *r : requests) expectSameAsCanonical(QByteArray(r), false);
    // As Qt writes them, every byte agrees.
    for (const char *r : requests)
        expectSameAsCanonical(compact(QJsonDocument::fromJson(r).object()), true);
}

TEST(ResponsesRequestBytes, EscapesAndNumbersKeepTheirMeaning) {
    expectSameAsCanonical(
        R"({"model":"p/m","input":"tab\t quote\" slash\/ \u00e9 \ud83d\ude00 back\\"})", false);
    expectSameAsCanonical(
        R"({"model":"p/m","instructions":"line\nbreak","input":[{"role":"user","content":[{"type":"input_text","text":"\u2028"}]}]})",
        false);
    expectSameAsCanonical(R"( { "model" : "p/m" , "input" : "spaced" , "temperature" : 0.70 } )",
                          false);
    expectSameAsCanonical(R"({"model":"p/m","input":"x","max_output_tokens":-0,"top_p":0.125})",
                          false);
}

TEST(ResponsesRequestBytes, OtherShapesAreLeftToTheCanonicalDecode) {
    const char *const requests[] = {
        // Custom tools and their calls, output parts, images.
        R"({"model":"p/m","input":"x","tools":[{"type":"custom","name":"f"}]})",
        R"({"model":"p/m","input":[{"type":"custom_tool_call","call_id":"c","name":"f","input":"x"}]})",
        R"({"model":"p/m","input":[{"type":"custom_tool_call_output","call_id":"c","output":"ok"}]})",
        R"({"model":"p/m","input":[{"type":"function_call_output","call_id":"c","output":[{"type":"input_text","text":"a"}]}]})",
        R"({"model":"p/m","input":[{"type":"function_call","call_id":"","name":"f","arguments":"{}"}]})",
        R"({"model":"p/m","input":[{"type":"function_call","call_id":"c","arguments":"{}"}]})",
        R"({"model":"p/m","input":[{"type":"function_call","call_id":"c","name":"f","arguments":{}}]})",
        R"({"model":"p/m","input":[{"type":"function_call_output","output":"ok"}]})",
        R"({"model":"p/m","input":[{"type":"reasoning","summary":[]}],"truncation":"auto","truncation":"x"})",
        R"({"model":"p/m","input":[{"role":"user","content":[{"type":"input_image","image_url":"data:"}]}]})",
        R"({"model":"p/m","input":"x","tools":[{"type":"function","name":""}]})",
        R"({"model":"p/m","input":"x","tools":[{"type":"function","name":"f","extra":1}]})",
        R"({"model":"p/m","input":"x","tools":[{"type":"function","name":"f","parameters":{"d":"\ud800"}}]})",
        R"({"model":"p/m","input":"x","tools":{}})",
        R"({"model":"p/m","input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"custom","name":"f"}})",
        R"({"model":"p/m","input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":{"type":"allowed_tools"}})",
        // A follow-up, text formats, members passed on by the canonical decode.
        R"({"model":"p/m","input":"x","previous_response_id":"resp_1"})",
        R"({"model":"p/m","input":"x","reasoning":"low"})",
        R"({"model":"p/m","input":"x","text":{"format":{"type":"json_object"}}})",
        R"({"model":"p/m","input":"x","top_logprobs":2})",
        // Repeated or escaped keys, odd values, lone surrogates, exponents.
        R"({"model":"p/m","input":"x","input":"y"})",
        R"({"model":"p/m","\u0069nput":"x"})",
        R"({"model":"p/m","input":[{"role":"user","role":"system","content":"x"}]})",
        R"({"model":"p/m","input":"\ud800"})",
        R"({"model":"p/m","input":"x","temperature":1e0})",
        R"({"model":"p/m","input":"x","temperature":"0.5"})",
        R"({"model":"p/m","input":"x","stream":1})",
        R"({"model":"p/m","input":"x","store":"no"})",
        R"({"model":"p/m","input":"x","instructions":7})",
        R"({"model":"p/m","input":7})",
        R"({"model":"p/m","input":["x"]})",
        R"({"model":"p/m","input":[{"role":"tool","content":"x"}]})",
        R"({"model":"p/m","input":[{"role":"user"}]})",
        R"({"model":"p/m","input":[{"role":"user","content":[{"type":"input_text"}]}]})",
        R"({"model":"p/m","input":[{"type":null,"role":"user","content":"x"}]})",
        R"({"model":"p/m","input":[{"role":"user","content":"x","name":"n"}]})",
        R"({"model":"p/m","metadata":[]})",
    };
    for (const char *r : requests) EXPECT_TRUE(refused(QByteArray(r))) << r;
    EXPECT_TRUE(refused("not json"));
    EXPECT_TRUE(refused("[]"));
}
