#pragma once

#include <QString>

namespace gatehouse {

class MainWindow;

// Puts a little traffic through the gateway, then saves a PNG of every page
// of the window to `dir` (01-dashboard.png, ...), for the README and for
// review. Returns false if a file could not be written.
bool saveScreenshots(MainWindow &window, const QString &dir);

// For screenshots of the dark look on a machine without a desktop theme:
// Fusion with a dark palette when GATEHOUSE_SCREENSHOT_THEME=dark.
void applyScreenshotTheme();

}  // namespace gatehouse
