#include "CommandLine.h"

#include "net/UnixListener.h"

#include <QCommandLineParser>
#include <cstdio>

namespace gatehouse {

namespace {
[[noreturn]] void failUsage(const QString &message) {
    std::fprintf(stderr, "gatehouse: %s\nTry 'gatehouse --help'.\n", qPrintable(message));
    std::exit(2);
}
}  // namespace

CommandLine parseCommandLine(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Gatehouse: a local LLM gateway with a control panel.\n"
        "Point OpenAI or Anthropic clients at http://127.0.0.1:8080 and name models as "
        "\"provider/model\" (e.g. \"mock/echo\").\n"
        "gatehouse connect <agent>: point Claude Code, Codex or Gemini CLI at the gateway "
        "(see gatehouse connect --help)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run the gateway without the control panel."));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("Read configuration from <file> (Bifrost's "
                                                   "config.json shape). Default: "
                                                   "~/.config/gatehouse/config.json, "
                                                   "written on the first run."),
                                    QStringLiteral("file"));
    const QCommandLineOption host(QStringLiteral("host"),
                                  QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                  QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port to listen on (default 8080, 0 = any free)."),
                                  QStringLiteral("port"), QStringLiteral("8080"));
    const QCommandLineOption workers(QStringLiteral("workers"),
                                     QStringLiteral("Worker threads (default: one per CPU core)."),
                                     QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption store(
        QStringLiteral("store"),
        QStringLiteral("Keep settings and logs in <location>: an SQLite file path or "
                       "postgres://user:password@host:5432/database (several gateways can share "
                       "one). Default: config.json's \"store\", else "
                       "~/.local/share/gatehouse/gatehouse.db."),
        QStringLiteral("location"));
    const QCommandLineOption socket(
        QStringLiteral("socket"),
        QStringLiteral("Also serve on the Unix socket <path> (mode 0600), e.g. for curl "
                       "--unix-socket. Default: $XDG_RUNTIME_DIR/gatehouse/gatehouse.sock; "
                       "\"none\": no socket."),
        QStringLiteral("path"));
    QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                   QStringLiteral("Save a PNG of each panel page to <dir>, exit."),
                                   QStringLiteral("dir"));
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({headless, config, host, port, workers, store, socket, screenshots});
    if (!parser.parse(arguments)) failUsage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version"))) parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        failUsage(
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    CommandLine cl;
    cl.headless = parser.isSet(headless);
    cl.configPath = parser.value(config);
    cl.gateway.store = parser.value(store);
    cl.gateway.unixSocket = !parser.isSet(socket) ? UnixListener::defaultPath()
                            : parser.value(socket) == QLatin1String("none") ? QString()
                                                                            : parser.value(socket);
    cl.addressGiven = parser.isSet(host) || parser.isSet(port);
    cl.screenshotsDir = parser.value(screenshots);
    QString hostText = parser.value(host);
    if (hostText == QLatin1String("localhost")) hostText = QStringLiteral("127.0.0.1");
    if (!cl.gateway.host.setAddress(hostText))
        failUsage(QStringLiteral("--host '%1' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)")
                      .arg(hostText));
    bool ok = false;
    const uint p = parser.value(port).toUInt(&ok);
    if (!ok || p > 65535)
        failUsage(
            QStringLiteral("--port '%1' is not a port number (0-65535)").arg(parser.value(port)));
    cl.gateway.port = quint16(p);
    const int w = parser.value(workers).toInt(&ok);
    if (!ok || w < 0 || w > 256)
        failUsage(QStringLiteral("--workers '%1' must be a number from 0 to 256")
                      .arg(parser.value(workers)));
    cl.gateway.workers = w;
    return cl;
}

}  // namespace gatehouse
