#pragma once

#include "JsonMembers.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <cstring>
#include <initializer_list>

// Small readings of a value's JSON text (from Members or a byte reader, in a
// document already checked well-formed), shared by the codecs' byte paths:
// each answers what QJsonValue would, or refuses what Qt might read
// otherwise.
namespace gatehouse::responses {

// The bytes of a view without a copy (the view's owner outlives the result).
QByteArray rawBytes(QByteArrayView v);
// The elements of an array value; false when the value is no array.
bool elementsOf(QByteArrayView array, QList<QByteArrayView> *out);
bool isString(QByteArrayView v);
bool isNull(QByteArrayView v);
// A number Qt's parser and writer keep as written (no exponent, few digits).
bool isPlainNumber(QByteArrayView v);
// A string's decoded text, refusing lone surrogate escapes.
bool textOf(QByteArrayView v, QString *out);
// A string passed on as written: Qt's parser reads it as the provider's
// would (no lone surrogate escape; so textOf() would succeed). Far cheaper
// than decoding it, for the long texts of system prompts, tool
// descriptions, arguments and outputs.
bool isPlainString(QByteArrayView v);
// `key` is `name`, without strlen() and a compare call for every key a
// reader tries (a member's key against a chain of the names it reads).
template <std::size_t N>
bool isKey(QByteArrayView key, const char (&name)[N]) {
    return key.size() == qsizetype(N - 1) && std::memcmp(key.data(), name, N - 1) == 0;
}
// A string that is present and not empty (call ids, names).
bool nonEmptyText(QByteArrayView v);
// Whether the text holds a surrogate escape (\uD800-\uDFFF): Qt's parser
// and the provider may read a lone one differently, so such a value is not
// passed on as written.
bool hasSurrogateEscape(QByteArrayView v);
// Whether every member of `m` is one of `keys` (a reader refuses the rest).
bool onlyKeys(const Members &m, std::initializer_list<const char *> keys);

// A request's members a byte reader does not read, noted as the canonical
// decode notes them: each one that is set, by its key, in the order Qt
// keeps keys (sorted).
class UnreadMembers {
public:
    // False when the key was there before (Qt's parser says which wins).
    bool add(QByteArrayView key, QByteArrayView value);
    QStringList notes() const;

private:
    QList<QByteArrayView> keys_;
    QStringList notes_;
};

}  // namespace gatehouse::responses
