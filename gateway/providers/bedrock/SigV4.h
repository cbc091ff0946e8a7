#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace gatehouse::aws {

// An AWS identity: an access key pair, plus the session token of temporary
// credentials (STS, SSO, an assumed role).
struct Credentials {
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken;
    bool isComplete() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }
};

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The parts of an HTTP request that AWS Signature Version 4 covers.
struct SigV4Request {
    QByteArray method;
    QByteArray path;     // as written on the request line (already percent-encoded)
    QByteArray query;    // as written, without '?'
    HeaderList headers;  // every header to sign, "host" included
    QByteArray body;
};

struct SigV4Params {
    QString region;
    QString service;
    QDateTime time;  // UTC
    // Adds x-amz-content-sha256 (required by S3, optional elsewhere).
    bool signBodyHeader = false;
};

// What signing produced: the headers to add to the request (x-amz-date,
// x-amz-security-token when there is a session token, x-amz-content-sha256
// when asked, Authorization), and the intermediate texts AWS's test suite
// publishes, so they can be checked one by one.
struct SigV4Result {
    HeaderList addedHeaders;
    QByteArray canonicalRequest;
    QByteArray stringToSign;
    QByteArray signature;  // lower-case hex
    QByteArray authorization;
};

// Signs `request` the way AWS services other than S3 expect: the path on
// the request line is URI-encoded once more for the canonical request (so a
// Bedrock model id's ':' sent as %3A is signed as %253A), query parameters
// are sorted, header values trimmed with inner runs of spaces folded.
SigV4Result signV4(const SigV4Request &request, const Credentials &credentials,
                   const SigV4Params &params);

// The canonical form of a request line's path: each segment URI-encoded
// (RFC 3986 unreserved characters kept).
QByteArray canonicalUri(const QByteArray &path);

// "20150830T123600Z", the form x-amz-date takes.
QByteArray amzDate(const QDateTime &time);

}  // namespace gatehouse::aws
