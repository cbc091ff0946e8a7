#include "EmbeddingShape.h"

#include <QJsonArray>
#include <QtEndian>
#include <cstring>

namespace gatehouse {

namespace {

bool refuse(const QString &message, GatewayError *error) {
    *error = GatewayError::invalidRequest(QStringLiteral("invalid_request"), message);
    error->allowFallbacks = false;  // the request itself is at fault
    return false;
}

}  // namespace

bool readEmbeddingInput(const QJsonObject &body, const QString &providerName,
                        const EmbeddingLimits &limits, QStringList *texts, GatewayError *error) {
    texts->clear();
    const QJsonValue input = body.value(QLatin1String("input"));
    QJsonArray items;
    if (input.isString())
        items.append(input);
    else if (input.isArray())
        items = input.toArray();
    else
        return refuse(QStringLiteral("'input' must be a string or an array of strings."), error);
    if (items.isEmpty()) return refuse(QStringLiteral("'input' must not be empty."), error);
    if (items.size() > limits.maxInputs)
        return refuse(QStringLiteral("'input' has %1 items; provider '%2' takes at most %3 in "
                                     "one request.")
                          .arg(items.size())
                          .arg(providerName)
                          .arg(limits.maxInputs),
                      error);
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue item = items.at(i);
        const QString where =
            input.isArray() ? QStringLiteral("'input[%1]'").arg(i) : QStringLiteral("'input'");
        if (!item.isString())
            return refuse(QStringLiteral("%1 must be a string: provider '%2' embeds text, not "
                                         "token arrays.")
                              .arg(where, providerName),
                          error);
        const QString text = item.toString();
        if (text.isEmpty())
            return refuse(QStringLiteral("%1 must not be empty.").arg(where), error);
        if (text.size() > limits.maxCharsPerInput)
            return refuse(QStringLiteral("%1 has %2 characters; provider '%3' takes at most %4.")
                              .arg(where)
                              .arg(text.size())
                              .arg(providerName)
                              .arg(limits.maxCharsPerInput),
                          error);
        texts->append(text);
    }
    const QJsonValue format = body.value(QLatin1String("encoding_format"));
    if (!format.isUndefined() && !format.isNull() && format != QLatin1String("float") &&
        format != QLatin1String("base64"))
        return refuse(QStringLiteral("'encoding_format' must be \"float\" or \"base64\"."), error);
    const QJsonValue dims = body.value(QLatin1String("dimensions"));
    if (!dims.isUndefined() && !dims.isNull() &&
        (!dims.isDouble() || dims.toDouble() < 1 || dims.toDouble() != dims.toInt()))
        return refuse(QStringLiteral("'dimensions' must be a positive integer."), error);
    return true;
}

int requestedDimensions(const QJsonObject &body) {
    return body.value(QLatin1String("dimensions")).toInt(0);
}

bool wantsBase64(const QJsonObject &body) {
    return body.value(QLatin1String("encoding_format")) == QLatin1String("base64");
}

QString embeddingToBase64(const QVector<float> &vector) {
    QByteArray bytes(vector.size() * 4, Qt::Uninitialized);
    for (qsizetype i = 0; i < vector.size(); ++i) {
        quint32 bits;
        std::memcpy(&bits, &vector[i], 4);
        qToLittleEndian(bits, bytes.data() + i * 4);
    }
    return QString::fromLatin1(bytes.toBase64());
}

QJsonObject openAIEmbeddingList(const QList<QVector<float>> &vectors, const QString &model,
                                int promptTokens, bool base64) {
    QJsonArray data;
    for (qsizetype i = 0; i < vectors.size(); ++i) {
        QJsonValue embedding;
        if (base64) {
            embedding = embeddingToBase64(vectors[i]);
        } else {
            QJsonArray numbers;
            for (float f : vectors[i]) numbers.append(double(f));
            embedding = numbers;
        }
        data.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                                {QStringLiteral("index"), int(i)},
                                {QStringLiteral("embedding"), embedding}});
    }
    return {{QStringLiteral("object"), QStringLiteral("list")},
            {QStringLiteral("data"), data},
            {QStringLiteral("model"), model},
            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), promptTokens},
                                                  {QStringLiteral("total_tokens"), promptTokens}}}};
}

bool readVector(const QJsonValue &value, QVector<float> *out) {
    out->clear();
    if (!value.isArray()) return false;
    const QJsonArray numbers = value.toArray();
    out->reserve(numbers.size());
    for (const QJsonValue &n : numbers) {
        if (!n.isDouble()) return false;
        out->append(float(n.toDouble()));
    }
    return !out->isEmpty();
}

GatewayError malformedEmbeddingAnswer(const QString &what) {
    GatewayError e = GatewayError::upstream(
        502, QStringLiteral("Provider sent an embedding answer without %1.").arg(what));
    e.code = QStringLiteral("upstream_protocol_error");
    return e;
}

}  // namespace gatehouse
