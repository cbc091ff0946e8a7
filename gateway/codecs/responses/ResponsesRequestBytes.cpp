#include "ResponsesRequestBytes.h"

#include "JsonMembers.h"
#include "JsonText.h"
#include "ResponsesShared.h"

#include "json/ByteAppend.h"

#include <QJsonArray>

#include <QJsonDocument>
#include <iterator>

namespace gatehouse::responses {

namespace {

// One message's content: a string as it is, one text part as its string,
// several text parts as chat text parts, none as "" (chatContent()).
struct Content {
    QByteArray json;
};

bool readContent(QByteArrayView content, Content *out) {
    if (isString(content)) {
        if (!isPlainString(content)) return false;
        out->json = content.toByteArray();
        return true;
    }
    QList<QByteArrayView> parts;
    if (!elementsOf(content, &parts)) return false;
    QList<QByteArrayView> texts;
    for (const QByteArrayView part : std::as_const(parts)) {
        Members m;
        if (part.isEmpty() || part.front() != '{' || !m.scanTrusted(rawBytes(part))) return false;
        QByteArrayView type, textSpan;
        QString typeText;
        if (!m.value("type", &type) || !m.value("text", &textSpan) || !textOf(type, &typeText) ||
            !isPlainString(textSpan))
            return false;
        if (typeText != QLatin1String("input_text") && typeText != QLatin1String("output_text") &&
            typeText != QLatin1String("text"))
            return false;
        texts.append(textSpan);
    }
    if (texts.isEmpty()) {
        out->json = QByteArrayLiteral("\"\"");
    } else if (texts.size() == 1) {
        out->json = texts.front().toByteArray();
    } else {
        out->json = QByteArrayLiteral("[");
        for (qsizetype i = 0; i < texts.size(); ++i) {
            if (i) appendBytes(out->json, ",");
            appendBytes(out->json, "{\"text\":");
            appendBytes(out->json, texts.at(i));
            appendBytes(out->json, ",\"type\":\"text\"}");
        }
        appendBytes(out->json, "]");
    }
    return true;
}

// The "input" items as chat messages, as InputReader in ResponsesRequest.cpp
// writes them: an assistant turn is its text and the tool calls right after
// it; reasoning and the hosted tools' items are dropped with a note.
class InputWriter {
public:
    InputWriter(QByteArray *messages, QStringList *dropped)
        : messages_(messages), dropped_(dropped) {}

    bool read(QByteArrayView input) {
        QList<QByteArrayView> items;
        if (!elementsOf(input, &items)) return false;
        for (qsizetype i = 0; i < items.size(); ++i)
            if (!readItem(items.at(i), i)) return false;
        flushToolCalls();
        return true;
    }

private:
    bool readItem(QByteArrayView item, qsizetype index) {
        Members m;
        if (item.isEmpty() || item.front() != '{' || !m.scanTrusted(rawBytes(item))) return false;
        QByteArrayView type;
        if (!m.value("type", &type)) return false;
        QString typeText;
        if (!type.isEmpty() && !textOf(type, &typeText)) return false;
        if (type.isEmpty() || typeText == QLatin1String("message")) return readMessage(m);
        if (typeText == QLatin1String("function_call")) return readCall(m);
        if (typeText == QLatin1String("function_call_output")) return readOutput(m);
        // Custom tools need the context's custom tool names: canonical way.
        if (typeText == QLatin1String("custom_tool_call") ||
            typeText == QLatin1String("custom_tool_call_output") || !isString(type))
            return false;
        dropped_->append(QStringLiteral("input[%1] (%2)").arg(QString::number(index), typeText));
        return true;
    }

    // One message item: role user, system, developer or assistant.
    bool readMessage(const Members &m) {
        // Item ids and statuses are not read by the canonical decode either.
        if (!onlyKeys(m, {"type", "role", "content", "id", "status"})) return false;
        QByteArrayView role, content;
        if (!m.value("role", &role) || !m.value("content", &content)) return false;
        QString roleText;
        if (!textOf(role, &roleText)) return false;
        const bool user = roleText == QLatin1String("user");
        const bool assistant = roleText == QLatin1String("assistant");
        if (!user && !assistant && roleText != QLatin1String("system") &&
            roleText != QLatin1String("developer"))
            return false;
        Content c;
        if (!readContent(content, &c)) return false;
        if (assistant) {
            flushToolCalls();
            pendingAssistant_ = std::move(c.json);
            hasPendingAssistant_ = true;
            return true;
        }
        flushToolCalls();
        open();
        appendBytes(*messages_, "{\"content\":");
        appendBytes(*messages_, c.json);
        appendBytes(*messages_, user ? ",\"role\":\"user\"}" : ",\"role\":\"system\"}");
        return true;
    }

    bool readCall(const Members &m) {
        if (!onlyKeys(m, {"type", "call_id", "name", "arguments", "id", "status"})) return false;
        QByteArrayView callId, name, arguments;
        if (!m.value("call_id", &callId) || !m.value("name", &name) ||
            !m.value("arguments", &arguments))
            return false;
        if (!nonEmptyText(callId) || !nonEmptyText(name)) return false;
        if (arguments.isEmpty() || isNull(arguments))
            arguments = "\"{}\"";
        else if (!isPlainString(arguments))
            return false;
        appendBytes(toolCalls_, toolCalls_.isEmpty() ? "[" : ",");
        appendBytes(toolCalls_, "{\"function\":{\"arguments\":");
        appendBytes(toolCalls_, arguments);
        appendBytes(toolCalls_, ",\"name\":");
        appendBytes(toolCalls_, name);
        appendBytes(toolCalls_, "},\"id\":");
        appendBytes(toolCalls_, callId);
        appendBytes(toolCalls_, ",\"type\":\"function\"}");
        return true;
    }

    bool readOutput(const Members &m) {
        if (!onlyKeys(m, {"type", "call_id", "output", "id", "status"})) return false;
        QByteArrayView callId, output;
        if (!m.value("call_id", &callId) || !m.value("output", &output)) return false;
        // Output parts are joined by the canonical decode: left to it.
        if (!nonEmptyText(callId) || !isPlainString(output)) return false;
        flushToolCalls();
        open();
        appendBytes(*messages_, "{\"content\":");
        appendBytes(*messages_, output);
        appendBytes(*messages_, ",\"role\":\"tool\",\"tool_call_id\":");
        appendBytes(*messages_, callId);
        appendBytes(*messages_, "}");
        return true;
    }

    void open() {
        if (messages_->size() > 1) appendBytes(*messages_, ",");
    }

    void flushToolCalls() {
        if (toolCalls_.isEmpty()) {
            if (hasPendingAssistant_) {
                open();
                appendBytes(*messages_, "{\"content\":");
                appendBytes(*messages_, pendingAssistant_);
                appendBytes(*messages_, ",\"role\":\"assistant\"}");
            }
        } else {
            open();
            appendBytes(*messages_, "{\"content\":");
            // No text, or an empty one, is null beside tool calls.
            appendBytes(*messages_, !hasPendingAssistant_ || pendingAssistant_ == "\"\""
                                        ? QByteArrayView("null")
                                        : QByteArrayView(pendingAssistant_));
            appendBytes(*messages_, ",\"role\":\"assistant\",\"tool_calls\":");
            appendBytes(*messages_, toolCalls_);
            appendBytes(*messages_, "]}");
            toolCalls_.clear();
        }
        hasPendingAssistant_ = false;
        pendingAssistant_.clear();
    }

    QByteArray *messages_;
    QStringList *dropped_;
    QByteArray pendingAssistant_;
    bool hasPendingAssistant_ = false;
    QByteArray toolCalls_;
};

// "tools" as chat tools: function tools as chat functions, hosted tools
// (web_search, file_search, ...) dropped with a note. Custom tools need the
// context's names: left to the canonical decode.
bool readTools(QByteArrayView tools, QByteArray *out, QStringList *dropped) {
    QList<QByteArrayView> items;
    if (!elementsOf(tools, &items)) return false;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QByteArrayView tool = items.at(i);
        Members m;
        if (tool.isEmpty() || tool.front() != '{' || !m.scanTrusted(rawBytes(tool))) return false;
        QByteArrayView type, name, description, parameters, strict;
        if (!m.value("type", &type) || !m.value("name", &name) ||
            !m.value("description", &description) || !m.value("parameters", &parameters) ||
            !m.value("strict", &strict))
            return false;
        QString typeText;
        if (!textOf(type, &typeText)) return false;
        if (typeText == QLatin1String("custom")) return false;
        if (typeText != QLatin1String("function")) {
            dropped->append(QStringLiteral("tools[%1] (%2)").arg(QString::number(i), typeText));
            continue;
        }
        if (!onlyKeys(m, {"type", "name", "description", "parameters", "strict"}) ||
            !nonEmptyText(name))
            return false;
        appendBytes(*out, out->isEmpty() ? "[{\"function\":{" : ",{\"function\":{");
        if (isString(description)) {
            if (!isPlainString(description)) return false;
            appendBytes(*out, "\"description\":");
            appendBytes(*out, description);
            appendBytes(*out, ",");
        }
        appendBytes(*out, "\"name\":");
        appendBytes(*out, name);
        appendBytes(*out, ",\"parameters\":");
        if (!parameters.isEmpty() && parameters.front() == '{') {
            if (hasSurrogateEscape(parameters)) return false;
            appendBytes(*out, trimmed(parameters));
        } else {
            appendBytes(*out, "{\"properties\":{},\"type\":\"object\"}");
        }
        if (strict == "true" || strict == "false") {
            appendBytes(*out, ",\"strict\":");
            appendBytes(*out, strict);
        }
        appendBytes(*out, "},\"type\":\"function\"}");
    }
    if (!out->isEmpty()) appendBytes(*out, "]");
    return true;
}

// "tool_choice" in chat's terms (ResponsesRequest.cpp's toolChoice()).
bool readToolChoice(QByteArrayView choice, QByteArray *out) {
    QString text;
    if (isString(choice)) {
        if (!textOf(choice, &text)) return false;
        *out = choice.toByteArray();
        return true;
    }
    Members m;
    QByteArrayView type, name;
    if (!choice.isEmpty() && choice.front() == '{' && m.scanTrusted(rawBytes(choice)) &&
        m.value("type", &type) && m.value("name", &name) && (type == "\"function\"") &&
        isString(name)) {
        if (!textOf(name, &text)) return false;
        *out = QByteArrayLiteral("{\"function\":{\"name\":");
        appendBytes(*out, name);
        appendBytes(*out, "},\"type\":\"function\"}");
        return true;
    }
    // Anything else the canonical decode reads as "auto"; odd shapes go its way.
    return false;
}

// "reasoning": its effort as chat's reasoning_effort (empty when none).
bool readReasoning(QByteArrayView reasoning, QByteArrayView *effort) {
    *effort = {};
    if (reasoning.isEmpty() || isNull(reasoning)) return true;
    Members m;
    if (reasoning.front() != '{' || !m.scanTrusted(rawBytes(reasoning))) return false;
    QByteArrayView e;
    if (!m.value("effort", &e)) return false;
    QString text;
    if (isString(e)) {
        if (!textOf(e, &text)) return false;
        *effort = e;
    }
    return true;
}

// "text": read only when it asks for no response format (plain text).
bool readText(QByteArrayView textOption) {
    if (textOption.isEmpty() || isNull(textOption)) return true;
    Members m;
    if (textOption.front() != '{' || !m.scanTrusted(rawBytes(textOption))) return false;
    QByteArrayView format;
    if (!m.value("format", &format)) return false;
    if (format.isEmpty() || isNull(format)) return true;
    Members f;
    QByteArrayView type;
    return format.front() == '{' && f.scanTrusted(rawBytes(format)) && f.value("type", &type) &&
           type == "\"text\"";
}

// A member the response echoes, passed on as the client wrote it (its
// meaning is Qt's): refused when Qt's parser could read it otherwise (a
// lone surrogate escape, a number with an exponent).
bool echoable(QByteArrayView v) {
    if (isNull(v) || v == "true" || v == "false" || isPlainNumber(v)) return true;
    if (isString(v)) return isPlainString(v);
    if (v.front() != '{' && v.front() != '[') return false;
    for (qsizetype i = 0; i < v.size(); ++i) {
        const char c = v.at(i);
        if (c == '"') {
            i = valueEnd(v, i) - 1;  // strings are checked below
        } else if ((c == 'e' || c == 'E') && i > 0 && v.at(i - 1) >= '0' && v.at(i - 1) <= '9') {
            return false;
        }
    }
    return !hasSurrogateEscape(v);
}

}  // namespace

bool requestToChatBytes(const QByteArray &request, QByteArray *chat, qsizetype *modelAt,
                        CodecContext *context, QStringList *dropped) {
    // The body was validated already (PassThroughBody::read): listed, not
    // checked again.
    Members m;
    if (!m.scanTrusted(request)) return false;
    QByteArrayView input, instructions, user, maxTokens, temperature, topP, stream, store, tools,
        toolChoice, parallel, reasoning, textOption, previousResponseId, metadata;
    UnreadMembers unread;
    for (const JsonMemberSpan &s : m.spans()) {
        const QByteArrayView key = m.keyOf(s), value = m.valueOf(s);
        QByteArrayView *slot = isKey(key, "input")                  ? &input
                               : isKey(key, "instructions")         ? &instructions
                               : isKey(key, "user")                 ? &user
                               : isKey(key, "max_output_tokens")    ? &maxTokens
                               : isKey(key, "temperature")          ? &temperature
                               : isKey(key, "top_p")                ? &topP
                               : isKey(key, "stream")               ? &stream
                               : isKey(key, "store")                ? &store
                               : isKey(key, "tools")                ? &tools
                               : isKey(key, "tool_choice")          ? &toolChoice
                               : isKey(key, "parallel_tool_calls")  ? &parallel
                               : isKey(key, "reasoning")            ? &reasoning
                               : isKey(key, "text")                 ? &textOption
                               : isKey(key, "previous_response_id") ? &previousResponseId
                               : isKey(key, "metadata")             ? &metadata
                                                                    : nullptr;
        if (slot) {
            if (!slot->isNull()) return false;  // repeated: Qt's parser says which wins
            *slot = value;
        } else if (isKey(key, "top_logprobs")) {
            return false;  // passed on by the canonical decode
        } else if (!isKey(key, "model") && !isKey(key, "fallbacks") && !isKey(key, "include") &&
                   !isKey(key, "stream_options") && !unread.add(key, value)) {
            // Not read, as the canonical decode does not: noted when set.
            return false;
        }
    }
    if (!previousResponseId.isNull() && !isNull(previousResponseId)) return false;
    if (!metadata.isNull() && !isNull(metadata) && metadata.front() != '{') return false;
    // The members the answer echoes, written here once as the answer's own
    // text: in kEchoedFields' order, each one left out with its default, so
    // the answer copies them in one append (writeResponse). Passed on as the
    // client wrote them: neither parsed nor written again (a QJsonObject
    // insert costs thousands of instructions in Qt 6.4, a tools array tens
    // of thousands to parse and as many to write again).
    const QByteArrayView echoed[] = {
        instructions,       tools,      toolChoice, parallel,    metadata,
        previousResponseId, textOption, maxTokens,  temperature, topP,
        reasoning,          store,      user};
    static_assert(std::size(echoed) == std::size(kEchoedFields));
    // Each member's `,"key":` and its text when absent, made once: four
    // appends a member, each a strlen, cost ~1,500 instructions a request.
    struct EchoPieces {
        QByteArray keyed[std::size(kEchoedFields)], absent[std::size(kEchoedFields)];
    };
    static const EchoPieces pieces = [] {
        EchoPieces p;
        for (size_t f = 0; f < std::size(kEchoedFields); ++f) {
            p.keyed[f] = QByteArray(",\"") + kEchoedFields[f].key + "\":";
            if (kEchoedFields[f].whenAbsent) p.absent[f] = p.keyed[f] + kEchoedFields[f].whenAbsent;
        }
        return p;
    }();
    QByteArray echo;
    echo.reserve(256);
    for (size_t f = 0; f < std::size(echoed); ++f) {
        const QByteArrayView value = echoed[f];
        if (value.isNull()) {
            appendBytes(echo, pieces.absent[f]);  // empty when left out
            continue;
        }
        if (!echoable(value)) return false;
        appendBytes(echo, pieces.keyed[f]);
        appendBytes(echo, trimmed(value));
    }
    Q_ASSERT(echo.startsWith(",\"instructions\""));
    echo.data()[0] = '{';  // "instructions" always comes first
    appendBytes(echo, "}");
    if (!instructions.isNull() && !isNull(instructions) && !isString(instructions)) return false;
    if (!user.isNull() && !isNull(user) && !isString(user)) return false;
    for (const QByteArrayView number : {maxTokens, temperature, topP})
        if (!number.isNull() && !isNull(number) && !isPlainNumber(number)) return false;
    if (!stream.isNull() && stream != "true" && stream != "false" && !isNull(stream)) return false;
    if (!store.isNull() && store != "true" && store != "false" && !isNull(store)) return false;
    QByteArrayView effort;
    if (!readReasoning(reasoning, &effort) || !readText(textOption)) return false;

    QStringList notes;
    QByteArray chatTools, chatChoice;
    QByteArray messages;
    messages.reserve(request.size());
    appendBytes(messages, "[");
    if (!instructions.isNull() && !isNull(instructions)) {
        if (!isPlainString(instructions)) return false;
        appendBytes(messages, "{\"content\":");
        appendBytes(messages, instructions);
        appendBytes(messages, ",\"role\":\"system\"}");
    }
    // The conversation to store: the messages after the instructions' one.
    const qsizetype conversationFrom = messages.size();
    if (isString(input)) {
        if (!isPlainString(input)) return false;
        if (messages.size() > 1) appendBytes(messages, ",");
        appendBytes(messages, "{\"content\":");
        appendBytes(messages, input);
        appendBytes(messages, ",\"role\":\"user\"}");
    } else if (!input.isNull() && !isNull(input)) {
        InputWriter writer(&messages, &notes);
        if (!writer.read(input)) return false;
    }
    if (!tools.isNull() && !isNull(tools)) {
        if (!readTools(tools, &chatTools, &notes)) return false;
        if (!chatTools.isEmpty() && !toolChoice.isNull() && !isNull(toolChoice) &&
            !readToolChoice(toolChoice, &chatChoice))
            return false;
    }

    QByteArray out;
    out.reserve(request.size() + 64);
    if (!maxTokens.isNull() && !isNull(maxTokens)) {
        appendBytes(out, "{\"max_tokens\":");
        appendBytes(out, maxTokens);
        appendBytes(out, ",\"messages\":");
    } else {
        appendBytes(out, "{\"messages\":");
    }
    QByteArrayView conversation = QByteArrayView(messages).sliced(conversationFrom);
    if (conversation.startsWith(',')) conversation = conversation.sliced(1);
    QByteArray conversationJson;
    if (store != "false") {
        conversationJson.reserve(conversation.size() + 2);
        appendBytes(conversationJson, "[");
        appendBytes(conversationJson, conversation);
        appendBytes(conversationJson, "]");
    }
    appendBytes(messages, "]");
    appendBytes(out, messages);
    appendBytes(out, ",\"model\":");
    *modelAt = out.size();
    // Chat's members in the order Qt writes them (sorted), as the
    // canonical decode's body is written.
    if (!chatTools.isEmpty() && (parallel == "true" || parallel == "false")) {
        appendBytes(out, ",\"parallel_tool_calls\":");
        appendBytes(out, parallel);
    }
    if (!effort.isEmpty()) {
        appendBytes(out, ",\"reasoning_effort\":");
        appendBytes(out, effort);
    }
    if (stream == "true")
        appendBytes(out, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    else if (stream == "false")
        appendBytes(out, ",\"stream\":false");
    if (!temperature.isNull() && !isNull(temperature)) {
        appendBytes(out, ",\"temperature\":");
        appendBytes(out, temperature);
    }
    if (!chatChoice.isEmpty()) {
        appendBytes(out, ",\"tool_choice\":");
        appendBytes(out, chatChoice);
    }
    if (!chatTools.isEmpty()) {
        appendBytes(out, ",\"tools\":");
        appendBytes(out, chatTools);
    }
    for (const auto &[key, value] : {std::pair{"top_p", topP}, {"user", user}}) {
        if (value.isNull() || isNull(value)) continue;
        appendBytes(out, ",\"");
        appendBytes(out, key);
        appendBytes(out, "\":");
        appendBytes(out, value);
    }
    appendBytes(out, "}");
    *chat = std::move(out);

    // No custom tools here, an echo when there is one, the conversation as
    // the JSON text it is stored as.
    CodecContext ctx;
    ctx.responseId = newResponseId();
    ctx.echoJson = std::move(echo);
    // Stored unless the client said "store": false, as OpenAI does.
    if (store != "false") ctx.conversationJson = std::move(conversationJson);
    *context = std::move(ctx);
    // Notes on items and tools come before those on members, as the
    // canonical decode writes them.
    *dropped += notes;
    *dropped += unread.notes();
    return true;
}

}  // namespace gatehouse::responses
