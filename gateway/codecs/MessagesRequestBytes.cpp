// Mirrors translate/MessagesRequestToChat.cpp, then providers/CacheMarks.cpp,
// for the shapes it reads; a change to one is a change to both
// (MessagesRequestBytesTest holds them together).
#include "MessagesRequestBytes.h"

#include "json/ByteAppend.h"
#include "json/JsonWriter.h"
#include "responses/JsonMembers.h"
#include "responses/JsonText.h"
#include "translate/AnthropicShared.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <deque>

namespace gatehouse::anthropic {

using namespace responses;
using detail::at;
using detail::field;

namespace {

QString note(const QString &path, const QString &what) {
    return path + QStringLiteral(" (") + what + QLatin1Char(')');
}

// A content block's members and "type". False: no object, or a type that
// is no string (the translation refuses both).
bool readBlock(QByteArrayView value, Members *m, QString *type) {
    QByteArrayView t;
    return !value.isEmpty() && value.front() == '{' && m->scanTrusted(rawBytes(value)) &&
           m->value("type", &t) && textOf(t, type);
}

// Whether a block carries a cache mark (an object "cache_control"). Chat
// providers get none, but a marked block stays where an unmarked empty one
// would go.
bool isMarked(const Members &m, bool *marked) {
    QByteArrayView v;
    if (!m.value("cache_control", &v)) return false;
    *marked = !v.isEmpty() && v.front() == '{';
    return true;
}

// A text block's "text" (a JSON string).
bool readText(const Members &m, QByteArrayView *text) {
    return m.value("text", text) && isPlainString(*text);
}

QByteArrayView inner(QByteArrayView jsonString) {
    return jsonString.sliced(1, jsonString.size() - 2);
}

// JSON strings' texts joined by "\n\n", as one JSON string.
QByteArray joined(const QList<QByteArrayView> &strings) {
    QByteArray out("\"");
    for (qsizetype i = 0; i < strings.size(); ++i) {
        if (i) appendBytes(out, "\\n\\n");
        appendBytes(out, inner(strings.at(i)));
    }
    appendBytes(out, "\"");
    return out;
}

// A chat text part.
void appendTextPart(QByteArray &out, QByteArrayView text) {
    appendBytes(out, "{\"text\":");
    appendBytes(out, text);
    appendBytes(out, ",\"type\":\"text\"}");
}

// The system prompt's content as chat content (systemContent(), unmarked):
// its texts joined; empty when there is none.
bool readSystem(QByteArrayView system, const QString &path, QByteArray *content,
                QStringList *notes) {
    content->clear();
    if (isString(system)) {
        if (!isPlainString(system)) return false;
        if (system != "\"\"") *content = system.toByteArray();
        return true;
    }
    QList<QByteArrayView> blocks;
    if (!elementsOf(system, &blocks)) return false;
    QList<QByteArrayView> texts;
    bool anyMarked = false;
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        Members m;
        QString type;
        if (!readBlock(blocks.at(i), &m, &type)) return false;
        if (type != QLatin1String("text")) {
            notes->append(note(at(path, i), type));
            continue;
        }
        QByteArrayView t;
        bool marked = false;
        if (!readText(m, &t) || !isMarked(m, &marked)) return false;
        anyMarked = anyMarked || marked;
        texts.append(t);
    }
    // Marked, the translation keeps the prompt even when its text is empty.
    if (QByteArray j = joined(texts); anyMarked || j != "\"\"") *content = std::move(j);
    return true;
}

// A tool_result's content as the tool message's text (a JSON string):
// none is "", a string is itself, text blocks are joined.
bool readToolResult(const Members &block, const QString &path, QByteArray *text,
                    QStringList *notes) {
    QByteArrayView content;
    if (!block.value("content", &content)) return false;
    if (content.isEmpty() || isNull(content)) {
        *text = QByteArrayLiteral("\"\"");
        return true;
    }
    if (isString(content)) {
        if (!isPlainString(content)) return false;
        *text = content.toByteArray();
        return true;
    }
    QList<QByteArrayView> blocks;
    if (!elementsOf(content, &blocks)) return false;
    QList<QByteArrayView> texts;
    std::deque<QByteArray> made;  // texts written here (a deque keeps them in place)
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        Members m;
        QString type;
        if (!readBlock(blocks.at(i), &m, &type)) return false;
        if (type == QLatin1String("text")) {
            QByteArrayView t;
            if (!readText(m, &t)) return false;
            texts.append(t);
        } else if (type == QLatin1String("image")) {
            return false;  // goes to the user message as an image part: the other way
        } else if (type == QLatin1String("tool_reference")) {
            // ToolSearch's answer: "Tool loaded: <name>", as toolResultContent()
            // writes it; an odd name goes the other way.
            QByteArrayView name;
            if (!m.value("tool_name", &name) || !isString(name) || !isPlainString(name))
                return false;
            made.push_back(QByteArrayLiteral("\"Tool loaded: ") + inner(name).toByteArray() + '"');
            texts.append(made.back());
        } else {
            notes->append(note(at(path, i), type));
        }
    }
    *text = joined(texts);
    return true;
}

// The messages as chat messages, as appendMessage() and its helpers write them.
class MessageWriter {
public:
    MessageWriter(QByteArray *out, QStringList *notes) : out_(out), notes_(notes) {}

    bool message(QByteArrayView value, qsizetype index) {
        Members m;
        QByteArrayView role, content;
        QString roleText;
        if (value.isEmpty() || value.front() != '{' || !m.scanTrusted(rawBytes(value)) ||
            !m.value("role", &role) || !m.value("content", &content) || !textOf(role, &roleText))
            return false;
        const QString path = at(QStringLiteral("messages"), index);
        const QString contentPath = field(path, "content");
        const bool isUser = roleText == QLatin1String("user");
        const bool isAssistant = roleText == QLatin1String("assistant");
        if ((isUser || isAssistant) && isString(content)) {
            // A user's or the assistant's string is the message's content as it is.
            if (!isPlainString(content)) return false;
            add(content, isUser ? "\"user\"" : "\"assistant\"");
            return true;
        }
        if (isUser) return user(content, contentPath);
        if (isAssistant) return assistant(content, contentPath);
        if (roleText == QLatin1String("system")) {
            QByteArray system;
            if (!readSystem(content, contentPath, &system, notes_)) return false;
            if (!system.isEmpty()) add(system, "\"system\"");
            return true;
        }
        notes_->append(path + QStringLiteral(" (role \"") + roleText + QStringLiteral("\")"));
        return true;
    }

    // {"content":...,"role":...} after the messages so far.
    void add(QByteArrayView content, QByteArrayView role) {
        open();
        appendBytes(*out_, "{\"content\":");
        appendBytes(*out_, content);
        appendBytes(*out_, ",\"role\":");
        appendBytes(*out_, role);
        appendBytes(*out_, "}");
    }

private:
    void open() {
        if (out_->size() > 1) appendBytes(*out_, ",");
    }

    // Content blocks: tool results become "tool" messages, right away; the
    // rest one user message after them.
    bool user(QByteArrayView content, const QString &path) {
        QList<QByteArrayView> blocks;
        if (!elementsOf(content, &blocks)) return false;
        QByteArray parts;
        int partCount = 0;
        QByteArrayView onlyText;
        bool hadToolResults = false;
        for (qsizetype i = 0; i < blocks.size(); ++i) {
            Members m;
            QString type;
            if (!readBlock(blocks.at(i), &m, &type)) return false;
            const QString blockPath = at(path, i);
            if (type == QLatin1String("text")) {
                QByteArrayView t;
                if (!readText(m, &t)) return false;
                appendBytes(parts, parts.isEmpty() ? "[" : ",");
                appendTextPart(parts, t);
                ++partCount;
                onlyText = t;
            } else if (type == QLatin1String("tool_result")) {
                if (!toolResult(m, blockPath)) return false;
                hadToolResults = true;
            } else if (type == QLatin1String("image") || type == QLatin1String("document")) {
                return false;  // parts built from their sources: the other way
            } else {
                notes_->append(note(blockPath, type));
            }
        }
        // A lone text part is its string, marked or not.
        if (partCount == 1) {
            add(onlyText, "\"user\"");
        } else if (partCount > 0) {
            appendBytes(parts, "]");
            add(parts, "\"user\"");
        } else if (!hadToolResults) {
            add("\"\"", "\"user\"");
        }
        return true;
    }

    bool toolResult(const Members &m, const QString &path) {
        QByteArrayView id, isError;
        QByteArray text;
        if (!m.value("tool_use_id", &id) || !isPlainString(id) || !m.value("is_error", &isError) ||
            !readToolResult(m, field(path, "content"), &text, notes_))
            return false;
        // Chat has no error flag on a tool message: the model reads it in the text.
        if (isError == "true") {
            if (text == "\"\"") {
                text = QByteArrayLiteral("\"Error\"");
            } else {
                QByteArray prefixed("\"Error: ");
                appendBytes(prefixed, inner(text));
                appendBytes(prefixed, "\"");
                text = std::move(prefixed);
            }
        }
        open();
        appendBytes(*out_, "{\"content\":");
        appendBytes(*out_, text);
        appendBytes(*out_, ",\"role\":\"tool\",\"tool_call_id\":");
        appendBytes(*out_, id);
        appendBytes(*out_, "}");
        return true;
    }

    // Content blocks: text concatenated, tool_use blocks as tool calls.
    bool assistant(QByteArrayView content, const QString &path) {
        QList<QByteArrayView> blocks;
        if (!elementsOf(content, &blocks)) return false;
        QByteArray text, calls;
        for (qsizetype i = 0; i < blocks.size(); ++i) {
            Members m;
            QString type;
            if (!readBlock(blocks.at(i), &m, &type)) return false;
            if (type == QLatin1String("text")) {
                QByteArrayView t;
                if (!readText(m, &t)) return false;
                appendBytes(text, inner(t));
            } else if (type == QLatin1String("tool_use")) {
                if (!toolCall(m, &calls)) return false;
            } else if (type == QLatin1String("thinking") ||
                       type == QLatin1String("redacted_thinking")) {
                continue;  // they replay only to Claude, never to a chat provider
            } else {
                notes_->append(note(at(path, i), type));
            }
        }
        open();
        appendBytes(*out_, "{\"content\":");
        if (calls.isEmpty() || !text.isEmpty()) {
            appendBytes(*out_, "\"");
            appendBytes(*out_, text);
            appendBytes(*out_, "\"");
        } else {
            appendBytes(*out_, "null");
        }
        appendBytes(*out_, ",\"role\":\"assistant\"");
        if (!calls.isEmpty()) {
            appendBytes(*out_, ",\"tool_calls\":");
            appendBytes(*out_, calls);
            appendBytes(*out_, "]");
        }
        appendBytes(*out_, "}");
        return true;
    }

    bool toolCall(const Members &m, QByteArray *calls) {
        QByteArrayView id, name, input;
        if (!m.value("id", &id) || !m.value("name", &name) || !m.value("input", &input) ||
            !isPlainString(id) || !isPlainString(name))
            return false;
        QJsonObject arguments;
        if (!input.isEmpty() && !isNull(input)) {
            if (input.front() != '{') return false;
            // The arguments are a string holding the input as Qt writes it
            // (sorted keys): parsed, as the translation parsed it. Small.
            arguments = QJsonDocument::fromJson(rawBytes(input)).object();
        }
        appendBytes(*calls, calls->isEmpty() ? "[" : ",");
        appendBytes(*calls, "{\"function\":{\"arguments\":");
        appendJsonString(*calls, QString::fromUtf8(toCompactJson(arguments)));
        appendBytes(*calls, ",\"name\":");
        appendBytes(*calls, name);
        appendBytes(*calls, "},\"id\":");
        appendBytes(*calls, id);
        appendBytes(*calls, ",\"type\":\"function\"}");
        return true;
    }

    QByteArray *out_;
    QStringList *notes_;
};

// "tools" as chat functions (convertTools()); server tools dropped with a note.
bool readTools(QByteArrayView tools, QByteArray *out, QStringList *notes) {
    QList<QByteArrayView> items;
    if (!elementsOf(tools, &items)) return false;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QByteArrayView tool = items.at(i);
        Members m;
        QByteArrayView type, name, schema, description;
        if (tool.isEmpty() || tool.front() != '{' || !m.scanTrusted(rawBytes(tool)) ||
            !m.value("type", &type) || !m.value("name", &name) ||
            !m.value("input_schema", &schema) || !m.value("description", &description))
            return false;
        QString text;
        if (!type.isEmpty() && !isNull(type)) {
            if (!textOf(type, &text)) return false;
            if (text != QLatin1String("custom")) {
                notes->append(note(at(QStringLiteral("tools"), i), text));
                continue;
            }
        }
        if (!isPlainString(name) || schema.isEmpty() || schema.front() != '{' ||
            hasSurrogateEscape(schema))
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
        appendBytes(*out, trimmed(schema));
        appendBytes(*out, "},\"type\":\"function\"}");
    }
    if (!out->isEmpty()) appendBytes(*out, "]");
    return true;
}

// "tool_choice" in chat's terms (convertToolChoice()).
bool readToolChoice(QByteArrayView choice, QByteArray *out, bool *noParallel) {
    Members m;
    QByteArrayView type, name, disable;
    QString text;
    if (choice.isEmpty() || choice.front() != '{' || !m.scanTrusted(rawBytes(choice)) ||
        !m.value("type", &type) || !m.value("name", &name) ||
        !m.value("disable_parallel_tool_use", &disable) || !textOf(type, &text))
        return false;
    if (text == QLatin1String("auto")) {
        *out = QByteArrayLiteral("\"auto\"");
    } else if (text == QLatin1String("any")) {
        *out = QByteArrayLiteral("\"required\"");
    } else if (text == QLatin1String("none")) {
        *out = QByteArrayLiteral("\"none\"");
    } else if (text == QLatin1String("tool")) {
        if (!isPlainString(name)) return false;
        *out = QByteArrayLiteral("{\"function\":{\"name\":");
        appendBytes(*out, name);
        appendBytes(*out, "},\"type\":\"function\"}");
    } else {
        return false;
    }
    *noParallel = disable == "true";
    return true;
}

// A whole number of at least 1, written as Qt writes it.
bool isPositiveInteger(QByteArrayView v) {
    if (v.isEmpty() || v.size() > 15 || v.front() < '1' || v.front() > '9') return false;
    return std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isSet(QByteArrayView v) {
    return !v.isNull() && !isNull(v);
}

}  // namespace

bool requestToChatBytes(const QByteArray &request, QByteArray *chat, qsizetype *modelAt,
                        QStringList *dropped) {
    Members m;
    if (!m.scanTrusted(request)) return false;
    // "thinking" is read and left out: chat providers take no budget.
    QByteArrayView model, system, messages, maxTokens, temperature, topP, topK, stop, stream,
        metadata, tools, toolChoice, thinking;
    UnreadMembers unread;
    for (const JsonMemberSpan &s : m.spans()) {
        const QByteArrayView key = m.keyOf(s), value = m.valueOf(s);
        QByteArrayView *slot = isKey(key, "model")            ? &model
                               : isKey(key, "system")         ? &system
                               : isKey(key, "messages")       ? &messages
                               : isKey(key, "max_tokens")     ? &maxTokens
                               : isKey(key, "temperature")    ? &temperature
                               : isKey(key, "top_p")          ? &topP
                               : isKey(key, "top_k")          ? &topK
                               : isKey(key, "stop_sequences") ? &stop
                               : isKey(key, "stream")         ? &stream
                               : isKey(key, "metadata")       ? &metadata
                               : isKey(key, "tools")          ? &tools
                               : isKey(key, "tool_choice")    ? &toolChoice
                               : isKey(key, "thinking")       ? &thinking
                                                              : nullptr;
        if (slot) {
            if (!slot->isNull()) return false;  // repeated: Qt's parser says which wins
            *slot = value;
        } else if (!isKey(key, "fallbacks") && !unread.add(key, value)) {
            // No chat form (context_management, output_config, ...): noted when set.
            return false;
        }
    }
    if (!nonEmptyText(model)) return false;

    // Notes on blocks and tools in the translation's order, members' last.
    QStringList notes;
    QByteArray chatMessages("[");
    chatMessages.reserve(request.size());
    MessageWriter writer(&chatMessages, &notes);
    if (isSet(system)) {
        QByteArray content;
        if (!readSystem(system, QStringLiteral("system"), &content, &notes)) return false;
        if (!content.isEmpty()) writer.add(content, "\"system\"");
    }
    QList<QByteArrayView> items;
    if (!elementsOf(messages, &items)) return false;
    for (qsizetype i = 0; i < items.size(); ++i)
        if (!writer.message(items.at(i), i)) return false;
    appendBytes(chatMessages, "]");

    if (isSet(maxTokens) && !isPositiveInteger(maxTokens)) return false;
    for (const QByteArrayView number : {temperature, topP, topK})
        if (isSet(number) && !isPlainNumber(number)) return false;
    QList<QByteArrayView> stops;
    QString text;
    if (isSet(stop)) {
        if (!elementsOf(stop, &stops)) return false;
        for (const QByteArrayView s : std::as_const(stops))
            if (!isPlainString(s)) return false;
    }
    if (isSet(stream) && stream != "true" && stream != "false") return false;
    QByteArrayView user;
    if (isSet(metadata)) {
        Members meta;
        QByteArrayView id;
        if (metadata.front() != '{' || !meta.scanTrusted(rawBytes(metadata)) ||
            !meta.value("user_id", &id))
            return false;
        if (isString(id)) {
            if (!isPlainString(id)) return false;
            user = id;
        }
    }
    QByteArray chatTools, chatChoice;
    bool noParallel = false;
    if (isSet(tools) && !readTools(tools, &chatTools, &notes)) return false;
    if (isSet(toolChoice) && !readToolChoice(toolChoice, &chatChoice, &noParallel)) return false;
    // OpenAI refuses tool_choice without tools (e.g. when only server tools were sent).
    if (chatTools.isEmpty()) {
        chatChoice.clear();
        noParallel = false;
    }

    // Chat's members in the order Qt writes them (sorted), as the
    // translation's body is written.
    QByteArray out;
    out.reserve(chatMessages.size() + chatTools.size() + 256);
    appendBytes(out, "{");
    if (isSet(maxTokens)) {
        appendBytes(out, "\"max_tokens\":");
        appendBytes(out, maxTokens);
        appendBytes(out, ",");
    }
    appendBytes(out, "\"messages\":");
    appendBytes(out, chatMessages);
    appendBytes(out, ",\"model\":");
    *modelAt = out.size();
    if (noParallel) appendBytes(out, ",\"parallel_tool_calls\":false");
    if (!stops.isEmpty()) {
        appendBytes(out, ",\"stop\":");
        appendBytes(out, trimmed(stop));
    }
    if (stream == "true")
        appendBytes(out, ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    else if (stream == "false")
        appendBytes(out, ",\"stream\":false");
    if (isSet(temperature)) {
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
    for (const auto &[key, value] : {std::pair{"top_k", topK}, {"top_p", topP}, {"user", user}}) {
        if (!isSet(value)) continue;
        appendBytes(out, ",\"");
        appendBytes(out, key);
        appendBytes(out, "\":");
        appendBytes(out, value);
    }
    appendBytes(out, "}");
    *chat = std::move(out);
    *dropped += notes;
    *dropped += unread.notes();
    return true;
}

}  // namespace gatehouse::anthropic
