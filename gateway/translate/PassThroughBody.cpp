#include "PassThroughBody.h"

#include "json/ByteAppend.h"
#include "json/JsonValidator.h"
#include "json/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse {

namespace {

QByteArrayView spanOf(const QByteArray &text, qsizetype begin, qsizetype end) {
    return QByteArrayView(text.constData() + begin, end - begin);
}

// A string value's text between its quotes, if it has no escapes (so the
// bytes are the string itself).
std::optional<QByteArrayView> plainString(QByteArrayView value) {
    if (value.size() < 2 || value.front() != '"' || value.contains('\\')) return std::nullopt;
    return value.sliced(1, value.size() - 2);
}

}  // namespace

std::optional<PassThroughBody> PassThroughBody::read(const QByteArray &body) {
    QList<JsonMemberSpan> members;
    if (!scanJsonObject(body, &members)) return std::nullopt;
    const JsonMemberSpan *model = nullptr;
    const JsonMemberSpan *fallbacks = nullptr;
    const JsonMemberSpan *stream = nullptr;
    qsizetype fallbacksIndex = -1;
    for (qsizetype i = 0; i < members.size(); ++i) {
        const JsonMemberSpan &m = members[i];
        const QByteArrayView key = spanOf(body, m.keyBegin, m.keyEnd);
        if (key.contains('\\')) return std::nullopt;  // could spell a gateway key
        const JsonMemberSpan **slot = key == "\"model\""       ? &model
                                      : key == "\"fallbacks\"" ? &fallbacks
                                      : key == "\"stream\""    ? &stream
                                                               : nullptr;
        if (!slot) continue;
        if (*slot) return std::nullopt;  // repeated: the full decode says which wins
        *slot = &m;
        if (slot == &fallbacks) fallbacksIndex = i;
    }
    if (!model) return std::nullopt;

    PassThroughBody out;
    const auto modelText = plainString(spanOf(body, model->valueBegin, model->valueEnd));
    if (!modelText) return std::nullopt;
    out.model = QString::fromUtf8(*modelText);
    if (out.model.trimmed() != out.model || out.model.isEmpty()) return std::nullopt;

    if (stream) {
        const QByteArrayView v = spanOf(body, stream->valueBegin, stream->valueEnd);
        if (v != "true" && v != "false" && v != "null") return std::nullopt;
        out.stream = v == "true";
    }

    // Cut "fallbacks" with the comma that joins it to a neighbour.
    qsizetype cutBegin = 0;
    qsizetype cutEnd = 0;
    if (fallbacks) {
        const QByteArray text =
            body.mid(fallbacks->valueBegin, fallbacks->valueEnd - fallbacks->valueBegin);
        if (!text.startsWith('[')) return std::nullopt;
        const QJsonArray list = QJsonDocument::fromJson(text).array();
        for (const QJsonValue &f : list) {
            if (!f.isString()) return std::nullopt;
            out.fallbacks << f.toString();
        }
        if (fallbacksIndex > 0) {  // from the end of the member before it
            cutBegin = members[fallbacksIndex - 1].valueEnd;
            cutEnd = fallbacks->valueEnd;
        } else if (members.size() > 1) {  // first: up to the member after it
            cutBegin = fallbacks->keyBegin;
            cutEnd = members[1].keyBegin;
        } else {
            cutBegin = fallbacks->keyBegin;
            cutEnd = fallbacks->valueEnd;
        }
    }

    // Copy the body but for the cut and model's value.
    const qsizetype modelBegin = model->valueBegin;
    const qsizetype modelEnd = model->valueEnd;
    out.bytes.reserve(body.size());
    qsizetype at = 0;
    auto copyUpTo = [&](qsizetype end) {
        if (end > at) appendBytes(out.bytes, body.constData() + at, end - at);
    };
    if (cutEnd > cutBegin && cutBegin < modelBegin) {
        copyUpTo(cutBegin);
        at = cutEnd;
    }
    copyUpTo(modelBegin);
    out.modelAt = out.bytes.size();
    at = modelEnd;
    if (cutEnd > cutBegin && cutBegin >= modelEnd) {
        copyUpTo(cutBegin);
        at = cutEnd;
    }
    copyUpTo(body.size());
    return out;
}

QByteArray PassThroughBody::withModel(const QString &providerModel) const {
    QByteArray out;
    out.reserve(bytes.size() + providerModel.size() + 8);
    appendBytes(out, bytes.constData(), modelAt);
    appendJsonString(out, providerModel);
    appendBytes(out, bytes.constData() + modelAt, bytes.size() - modelAt);
    return out;
}

}  // namespace gatehouse
