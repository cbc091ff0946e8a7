// The API token file and private files: created 0600, kept, tightened.
#include "security/ApiToken.h"
#include "security/PrivateFile.h"

#include <gtest/gtest.h>
#include <QFile>
#include <QTemporaryDir>

using namespace gatehouse;

namespace {
QByteArray readAll(const QString &path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
}  // namespace

TEST(PrivateFile, WritesAFileOnlyItsOwnerCanReadInANewPrivateDirectory) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("new/dir/config.json"));
    QString error;
    ASSERT_TRUE(PrivateFile::write(path, "{\"keys\":1}", &error)) << error.toStdString();
    EXPECT_EQ(readAll(path), "{\"keys\":1}");
    EXPECT_TRUE(PrivateFile::isPrivate(path));
    EXPECT_TRUE(PrivateFile::isPrivate(dir.filePath(QStringLiteral("new/dir"))));
}

TEST(PrivateFile, MakesAnExistingReadableFilePrivateWhenRewritten) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("old");
    file.close();
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                    QFileDevice::ReadGroup | QFileDevice::ReadOther);
    ASSERT_FALSE(PrivateFile::isPrivate(path));
    QString error;
    ASSERT_TRUE(PrivateFile::write(path, "new", &error)) << error.toStdString();
    EXPECT_TRUE(PrivateFile::isPrivate(path));
    EXPECT_EQ(readAll(path), "new");
}

TEST(PrivateFile, MakesAFileAnotherLibraryWillWritePrivate) {
    QTemporaryDir dir;
    const QString missing = dir.filePath(QStringLiteral("store/gatehouse.db"));
    QString error;
    ASSERT_TRUE(PrivateFile::makePrivate(missing, &error)) << error.toStdString();
    EXPECT_TRUE(PrivateFile::isPrivate(missing));
    EXPECT_EQ(readAll(missing), QByteArray());
    const QString existing = dir.filePath(QStringLiteral("existing.db"));
    QFile file(existing);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("data");
    file.close();
    QFile::setPermissions(
        existing, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    ASSERT_TRUE(PrivateFile::makePrivate(existing, &error)) << error.toStdString();
    EXPECT_TRUE(PrivateFile::isPrivate(existing));
    EXPECT_EQ(readAll(existing), "data");
}

TEST(PrivateFile, SaysWhatToCheckWhenItCannotWrite) {
    QString error;
    EXPECT_FALSE(PrivateFile::write(QStringLiteral("/proc/no/such/file"), "x", &error));
    EXPECT_TRUE(error.contains(QStringLiteral("/proc/no/such"))) << error.toStdString();
}

TEST(ApiToken, IsCreatedOnceAndReadBackAfterwards) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("gatehouse/api-token"));
    QString error;
    bool created = false;
    const auto first = ApiToken::loadOrCreate(path, &error, &created);
    ASSERT_TRUE(first) << error.toStdString();
    EXPECT_TRUE(created);
    EXPECT_EQ(first->value().size(), 43);
    EXPECT_TRUE(PrivateFile::isPrivate(path));
    const auto again = ApiToken::loadOrCreate(path, &error, &created);
    ASSERT_TRUE(again);
    EXPECT_FALSE(created);
    EXPECT_EQ(again->value(), first->value());
    EXPECT_NE(ApiToken::generate().value(), first->value());
}

TEST(ApiToken, TightensAFileOthersCouldRead) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("api-token"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("my-own-chosen-token-0123456789\n");
    file.close();
    QFile::setPermissions(
        path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    QString error;
    const auto token = ApiToken::loadOrCreate(path, &error);
    ASSERT_TRUE(token) << error.toStdString();
    EXPECT_EQ(token->value(), "my-own-chosen-token-0123456789");
    EXPECT_TRUE(PrivateFile::isPrivate(path));
}

TEST(ApiToken, RefusesATokenTooShortToBeASecret) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("api-token"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("1234\n");
    file.close();
    QString error;
    EXPECT_FALSE(ApiToken::loadOrCreate(path, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("shorter than 16"))) << error.toStdString();
}

TEST(ApiToken, MatchesOnlyItsOwnValue) {
    const ApiToken token = ApiToken::generate();
    EXPECT_TRUE(token.matches(token.value()));
    EXPECT_FALSE(token.matches(token.value() + "x"));
    EXPECT_FALSE(token.matches(token.value().left(42)));
    EXPECT_FALSE(token.matches(QByteArray()));
}
