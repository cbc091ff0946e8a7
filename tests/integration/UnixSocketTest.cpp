// The Unix domain socket: the API and inference for the owner's tools
// (curl --unix-socket), private by its mode, and checked per connection
// with SO_PEERCRED like any TCP connection.
#include "GatewayHarness.h"
#include "OtherUser.h"

#include <gtest/gtest.h>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cstring>

using namespace gatehouse;

namespace {

const QByteArray kConfig = R"({ "providers": { "mock": { "keys": [] } } })";

RawRequest chat(const QList<QPair<QByteArray, QByteArray>> &headers = {}) {
    return {"POST", "/v1/chat/completions", headers, chatBody("mock/echo", "hi")};
}

int modeOf(const QString &path) {
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

class UnixSocketTest : public ::testing::Test {
protected:
    bool start(GatewayHarness &g, QString *error = nullptr) {
        GatewayOptions options;
        options.port = 0;
        options.workers = 2;
        options.unixSocket = socketPath;
        return g.start(kConfig, options, error);
    }

    QTemporaryDir dir;
    const QString socketPath = dir.filePath("run/gatehouse.sock");
};

}  // namespace

TEST_F(UnixSocketTest, TheOwnerUsesTheApiAndInferenceWithoutTheToken) {
    GatewayHarness g;
    ASSERT_TRUE(start(g));
    EXPECT_EQ(g.gateway().unixSocketPath(), socketPath);
    EXPECT_EQ(modeOf(socketPath), 0600);
    EXPECT_EQ(modeOf(QFileInfo(socketPath).absolutePath()), 0700);
    const auto a =
        RawClient().overUnixSocket(socketPath, {chat(), chat(), {"GET", "/api/plugins", {}, {}}});
    ASSERT_EQ(a.size(), 3) << a.value(0).error.toStdString();
    EXPECT_EQ(a[0].status, 200) << a[0].body.toStdString();
    EXPECT_EQ(answerText(a[1].body), "hi");
    EXPECT_EQ(a[2].status, 200) << a[2].body.toStdString();
    g.stop();
    EXPECT_FALSE(QFileInfo::exists(socketPath)) << "removed on stop";
}

TEST_F(UnixSocketTest, AStaleSocketFileIsReplacedALiveOneIsNot) {
    // What a crashed run leaves: a socket file nobody listens on.
    QDir().mkpath(QFileInfo(socketPath).absolutePath());
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray name = QFile::encodeName(socketPath);
    std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
    const int stale = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_EQ(::bind(stale, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    ::close(stale);
    ASSERT_TRUE(QFileInfo::exists(socketPath));

    GatewayHarness first;
    ASSERT_TRUE(start(first));
    EXPECT_EQ(first.gateway().unixSocketPath(), socketPath);
    // A second gateway on the same path serves its port, not the socket,
    // and leaves the first one's socket alone.
    GatewayHarness second;
    ASSERT_TRUE(start(second));
    EXPECT_TRUE(second.gateway().unixSocketPath().isEmpty());
    second.stop();
    const auto a = RawClient().overUnixSocket(socketPath, {chat()});
    EXPECT_EQ(a.value(0).status, 200) << a.value(0).error.toStdString();
}

TEST_F(UnixSocketTest, AnotherUserIsCheckedWithItsCredentials) {
    QString whyNot;
    const std::optional<OtherUser> other = OtherUser::get(&whyNot);
    if (!other) GTEST_SKIP() << whyNot.toStdString();
    GatewayHarness g;
    ASSERT_TRUE(start(g));
    RawClient asOther(other->uid, other->gid);
    // The folder is private: the other user cannot even connect.
    ::chmod(QFile::encodeName(dir.path()).constData(), 0755);
    EXPECT_FALSE(asOther.overUnixSocket(socketPath, {chat()}).value(0).error.isEmpty());
    // Opened up by hand, the connection's peer credentials still say who it is.
    ::chmod(QFile::encodeName(QFileInfo(socketPath).absolutePath()).constData(), 0755);
    ::chmod(QFile::encodeName(socketPath).constData(), 0666);
    const QByteArray token = g.gateway().apiToken().toLatin1();
    const auto a = asOther.overUnixSocket(
        socketPath,
        {chat(), {"GET", "/api/plugins", {}, {}}, chat({{"Authorization", "Bearer " + token}})});
    ASSERT_EQ(a.size(), 3) << a.value(0).error.toStdString();
    EXPECT_EQ(a[0].status, 401) << a[0].body.toStdString();
    EXPECT_EQ(a[1].status, 401) << a[1].body.toStdString();
    EXPECT_EQ(a[2].status, 200) << a[2].body.toStdString();
}
