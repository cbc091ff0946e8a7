// GoogleTest main with a QCoreApplication, so tests can run event loops.
#include <gtest/gtest.h>
#include <QCoreApplication>

int main(int argc, char **argv) {
    qputenv("QT_NO_GLIB", "1");  // the dispatcher the gatehouse executable uses
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
