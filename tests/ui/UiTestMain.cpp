// GoogleTest main for the panel tests: a QApplication on Qt's offscreen
// platform, with the panel's settings, stores and the plugin host's shadow
// copies in a folder of this run's own, never in the user's home (and never
// shared between the test processes ctest runs in parallel: one run's
// plugin cleanup must not remove another's shadow copies).
#include <gtest/gtest.h>

#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>

int main(int argc, char **argv) {
    qputenv("QT_NO_GLIB", "1");
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir home;
    for (const char *var : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qputenv(var, (home.path() + QLatin1Char('/') + QLatin1String(var)).toUtf8());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       home.path() + QStringLiteral("/XDG_CONFIG_HOME"));
    QApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
