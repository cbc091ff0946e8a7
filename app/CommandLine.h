#pragma once

#include "Gateway.h"

#include <QString>
#include <QStringList>

namespace gatehouse {

struct CommandLine {
    bool headless = false;
    QString configPath;  // empty: the user's config.json (UserConfig.h)
    GatewayOptions gateway;
    bool addressGiven = false;  // --host or --port was given (beats the panel's saved one)
    QString screenshotsDir;     // hidden --screenshots: save a PNG of each panel page, exit
};

// Parses argv. Handles --help and --version itself (prints and exits 0);
// on a bad option prints the reason and exits 2.
CommandLine parseCommandLine(const QStringList &arguments);

}  // namespace gatehouse
