// GoogleTest main with a QCoreApplication, so tests can run event loops.
#include <gtest/gtest.h>
#include <QCoreApplication>
#include <QTemporaryDir>

int main(int argc, char **argv) {
    qputenv("QT_NO_GLIB", "1");  // the dispatcher the gatehouse executable uses
    // Stores, plugin folders and settings of a test run live in a folder of
    // their own, never in the user's home (and never shared between the
    // test processes ctest runs in parallel).
    QTemporaryDir home;
    for (const char *var : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qputenv(var, (home.path() + QLatin1Char('/') + QLatin1String(var)).toUtf8());
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
