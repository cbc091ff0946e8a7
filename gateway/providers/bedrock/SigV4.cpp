#include "SigV4.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QUrl>
#include <algorithm>

namespace gatehouse::aws {

namespace {

QByteArray sha256Hex(const QByteArray &data) {
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray hmac(const QByteArray &key, const QByteArray &message) {
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

// AWS's UriEncode: every byte but A-Z a-z 0-9 - . _ ~ as %XX (upper-case).
QByteArray uriEncode(const QByteArray &bytes) {
    return bytes.toPercentEncoding(QByteArray(), QByteArray(), '%');
}

// Sorted by encoded name, then value; "a" and "a=" both mean an empty value.
QByteArray canonicalQuery(const QByteArray &query) {
    if (query.isEmpty()) return {};
    QList<QPair<QByteArray, QByteArray>> params;
    for (const QByteArray &part : query.split('&')) {
        if (part.isEmpty()) continue;
        const qsizetype eq = part.indexOf('=');
        const QByteArray name = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        // Decoded first, so a parameter sent encoded is not encoded twice.
        params.append({uriEncode(QByteArray::fromPercentEncoding(name)),
                       uriEncode(QByteArray::fromPercentEncoding(value))});
    }
    std::sort(params.begin(), params.end());
    QByteArray out;
    for (const auto &p : params) {
        if (!out.isEmpty()) out += '&';
        out += p.first + '=' + p.second;
    }
    return out;
}

// Leading and trailing blanks dropped, inner runs of spaces folded to one.
QByteArray trimValue(const QByteArray &value) {
    return value.simplified();
}

}  // namespace

QByteArray canonicalUri(const QByteArray &path) {
    if (path.isEmpty()) return QByteArrayLiteral("/");
    QByteArray out;
    const QList<QByteArray> segments = path.split('/');
    for (qsizetype i = 0; i < segments.size(); ++i) {
        if (i > 0) out += '/';
        out += uriEncode(segments[i]);
    }
    return out;
}

QByteArray amzDate(const QDateTime &time) {
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

SigV4Result signV4(const SigV4Request &request, const Credentials &credentials,
                   const SigV4Params &params) {
    SigV4Result result;
    const QByteArray date = amzDate(params.time);
    const QByteArray day = date.left(8);
    const QByteArray payloadHash = sha256Hex(request.body);

    result.addedHeaders.append({QByteArrayLiteral("X-Amz-Date"), date});
    if (params.signBodyHeader)
        result.addedHeaders.append({QByteArrayLiteral("X-Amz-Content-Sha256"), payloadHash});
    if (!credentials.sessionToken.isEmpty())
        result.addedHeaders.append(
            {QByteArrayLiteral("X-Amz-Security-Token"), credentials.sessionToken.toUtf8()});

    // Names lower-cased and sorted; a repeated header's values joined by ','.
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const auto &h : request.headers + result.addedHeaders) {
        const QByteArray name = h.first.toLower().trimmed();
        auto same = std::find_if(headers.begin(), headers.end(),
                                 [&name](const auto &e) { return e.first == name; });
        if (same != headers.end())
            same->second += ',' + trimValue(h.second);
        else
            headers.append({name, trimValue(h.second)});
    }
    std::stable_sort(headers.begin(), headers.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QByteArray canonicalHeaders, signedHeaders;
    for (const auto &h : headers) {
        canonicalHeaders += h.first + ':' + h.second + '\n';
        if (!signedHeaders.isEmpty()) signedHeaders += ';';
        signedHeaders += h.first;
    }

    result.canonicalRequest = request.method + '\n' + canonicalUri(request.path) + '\n' +
                              canonicalQuery(request.query) + '\n' + canonicalHeaders + '\n' +
                              signedHeaders + '\n' + payloadHash;
    const QByteArray scope = day + '/' + params.region.toUtf8() + '/' + params.service.toUtf8() +
                             QByteArrayLiteral("/aws4_request");
    result.stringToSign = QByteArrayLiteral("AWS4-HMAC-SHA256\n") + date + '\n' + scope + '\n' +
                          sha256Hex(result.canonicalRequest);

    // The key is derived from the secret through the scope's parts in turn.
    QByteArray key = hmac("AWS4" + credentials.secretAccessKey.toUtf8(), day);
    key = hmac(key, params.region.toUtf8());
    key = hmac(key, params.service.toUtf8());
    key = hmac(key, QByteArrayLiteral("aws4_request"));
    result.signature = hmac(key, result.stringToSign).toHex();
    result.authorization = QByteArrayLiteral("AWS4-HMAC-SHA256 Credential=") +
                           credentials.accessKeyId.toUtf8() + '/' + scope +
                           QByteArrayLiteral(", SignedHeaders=") + signedHeaders +
                           QByteArrayLiteral(", Signature=") + result.signature;
    result.addedHeaders.append({QByteArrayLiteral("Authorization"), result.authorization});
    return result;
}

}  // namespace gatehouse::aws
