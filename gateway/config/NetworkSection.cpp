#include "ConfigSections.h"

#include <QUrl>

namespace gatehouse {
namespace ConfigSections {

namespace {
constexpr int kMaxBackoffMs = 3600 * 1000;
constexpr int kMaxCount = 1000000;

// RFC 9110 token characters: anything else cannot be sent as a header name.
bool isHeaderName(const QString &name) {
    if (name.isEmpty()) return false;
    for (QChar c : name) {
        if (c.unicode() > 0x7E || c.unicode() <= 0x20) return false;
        if (QStringLiteral("\"(),/:;<=>?@[\\]{}").contains(c)) return false;
    }
    return true;
}

bool readBaseUrl(ConfigReader &reader, const ConfigReader::Field &f, QString *out) {
    QString url;
    if (!reader.readString(f, &url)) return false;
    url = url.trimmed();
    // Bifrost's UI writes "" for "not set".
    if (url.isEmpty()) return true;
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (!parsed.isValid() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        parsed.host().isEmpty())
        return reader.fail(f.path, QStringLiteral("expected an http:// or https:// URL such as "
                                                  "\"http://localhost:8000\", got \"%1\"")
                                       .arg(url));
    // Callers append "/v1/..."; a trailing slash would double it.
    while (url.endsWith(QLatin1Char('/'))) url.chop(1);
    *out = url;
    return true;
}

bool readExtraHeaders(ConfigReader &reader, const ConfigReader::Field &f,
                      QList<QPair<QString, QString>> *out) {
    QJsonObject headers;
    if (!reader.readObject(f, &headers)) return false;
    for (const QString &name : reader.keysInFileOrder(headers, f.path)) {
        const ConfigReader::Field header = ConfigReader::field(headers, f.path, name);
        if (!isHeaderName(name))
            return reader.fail(header.path,
                               QStringLiteral("\"%1\" is not a valid HTTP header name").arg(name));
        if (!header.value.isString())
            return reader.fail(header.path, QStringLiteral("expected a string header value, got %1")
                                                .arg(ConfigReader::describe(header.value)));
        const QString value = header.value.toString();
        if (value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n')))
            return reader.fail(header.path,
                               QStringLiteral("header values must not contain line breaks"));
        out->append({name, value});
    }
    return true;
}
}  // namespace

bool readNetwork(ConfigReader &reader, const QJsonObject &provider, const JsonPath &providerPath,
                 NetworkConfig *out) {
    const JsonPath path = providerPath.key(QStringLiteral("network_config"));
    QJsonObject network;
    if (!reader.readObject(
            ConfigReader::field(provider, providerPath, QStringLiteral("network_config")),
            &network))
        return false;
    auto f = [&](const char *key) {
        return ConfigReader::field(network, path, QString::fromLatin1(key));
    };
    using Zero = ConfigReader::Zero;
    const bool ok =
        readBaseUrl(reader, f("base_url"), &out->baseUrl) &&
        readExtraHeaders(reader, f("extra_headers"), &out->extraHeaders) &&
        reader.readSecondsAsMs(f("default_request_timeout_in_seconds"), &out->requestTimeoutMs) &&
        reader.readInt(f("max_retries"), 0, 100, &out->maxRetries) &&
        reader.readInt(f("retry_backoff_initial"), 1, kMaxBackoffMs, &out->retryBackoffInitialMs,
                       Zero::MeansDefault) &&
        reader.readInt(f("retry_backoff_max"), 1, kMaxBackoffMs, &out->retryBackoffMaxMs,
                       Zero::MeansDefault) &&
        reader.readInt(f("max_conns_per_host"), 1, kMaxCount, &out->maxConnsPerHost,
                       Zero::MeansDefault) &&
        reader.readSecondsAsMs(f("stream_idle_timeout_in_seconds"), &out->streamIdleTimeoutMs);
    if (!ok) return false;
    if (out->retryBackoffInitialMs > out->retryBackoffMaxMs)
        return reader.fail(f("retry_backoff_initial").path,
                           QStringLiteral("%1 ms is more than retry_backoff_max (%2 ms); "
                                          "raise retry_backoff_max or lower this")
                               .arg(out->retryBackoffInitialMs)
                               .arg(out->retryBackoffMaxMs));
    return true;
}

bool readConcurrency(ConfigReader &reader, const QJsonObject &provider,
                     const JsonPath &providerPath, ConcurrencyConfig *out) {
    const QString section = QStringLiteral("concurrency_and_buffer_size");
    const JsonPath path = providerPath.key(section);
    QJsonObject object;
    if (!reader.readObject(ConfigReader::field(provider, providerPath, section), &object))
        return false;
    using Zero = ConfigReader::Zero;
    return reader.readInt(ConfigReader::field(object, path, QStringLiteral("concurrency")), 1,
                          kMaxCount, &out->concurrency, Zero::MeansDefault) &&
           reader.readInt(ConfigReader::field(object, path, QStringLiteral("buffer_size")), 1,
                          kMaxCount, &out->bufferSize, Zero::MeansDefault);
}

}  // namespace ConfigSections
}  // namespace gatehouse
