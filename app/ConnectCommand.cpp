#include "ConnectCommand.h"

#include "connect/AgentWiring.h"

#include <QCommandLineParser>
#include <QDir>
#include <cstdio>

namespace gatehouse {

namespace {

QString agentNames() {
    QStringList ids;
    for (const CodingAgent *agent : AgentWiring::agents()) ids << agent->id();
    return ids.join(QLatin1Char('|'));
}

// The agents an argument names: one, or all of them; empty when unknown.
QList<const CodingAgent *> agentsNamed(const QString &name) {
    if (name == QLatin1String("all")) return AgentWiring::agents();
    if (const CodingAgent *agent = AgentWiring::find(name)) return {agent};
    return {};
}

// ~/... for paths in the home folder: shorter to read.
QString shown(const QString &path) {
    const QString home = QDir::homePath();
    return path.startsWith(home + QLatin1Char('/')) ? QLatin1Char('~') + path.mid(home.size())
                                                    : path;
}

int printStatus(int port) {
    std::printf("%-12s %-10s %-18s %s\n", "agent", "installed",
                qPrintable(QStringLiteral("wired (port %1)").arg(port)), "backup");
    for (const CodingAgent *agent : AgentWiring::agents()) {
        const AgentWiring::Status s = AgentWiring::status(*agent, port);
        std::printf("%-12s %-10s %-18s %s\n", qPrintable(agent->id()), s.installed ? "yes" : "no",
                    s.wired ? "yes" : "no", s.backedUp ? "yes" : "no");
    }
    return 0;
}

int undo(const QList<const CodingAgent *> &agents) {
    int status = 0;
    for (const CodingAgent *agent : agents) {
        QStringList restored;
        QString error;
        if (!AgentWiring::undo(*agent, &restored, &error)) {
            std::fprintf(stderr, "gatehouse: %s: %s\n", qPrintable(agent->displayName()),
                         qPrintable(error));
            status = 1;
            continue;
        }
        if (restored.isEmpty()) {
            std::printf("%s: nothing to undo\n", qPrintable(agent->displayName()));
            continue;
        }
        std::printf("%s: restored as it was before Gatehouse wired it:\n",
                    qPrintable(agent->displayName()));
        for (const QString &path : restored) std::printf("  %s\n", qPrintable(shown(path)));
    }
    return status;
}

int connect(const QList<const CodingAgent *> &agents, const ConnectOptions &options) {
    int status = 0;
    for (const CodingAgent *agent : agents) {
        QStringList changed;
        QString error;
        if (!AgentWiring::connect(*agent, options, &changed, &error)) {
            std::fprintf(stderr, "gatehouse: %s: %s\n", qPrintable(agent->displayName()),
                         qPrintable(error));
            status = 1;
            continue;
        }
        std::printf("%s: now uses the gateway at %s; changed:\n", qPrintable(agent->displayName()),
                    qPrintable(gatewayUrl(options.port, {})));
        for (const QString &path : changed) std::printf("  %s\n", qPrintable(shown(path)));
        std::printf("  undo: gatehouse connect --undo %s\n", qPrintable(agent->id()));
    }
    return status;
}

[[noreturn]] void failUsage(const QString &message) {
    std::fprintf(stderr, "gatehouse connect: %s\nTry 'gatehouse connect --help'.\n",
                 qPrintable(message));
    std::exit(2);
}

}  // namespace

int runConnectCommand(const QStringList &arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Points coding agents at the gateway by editing their own configuration "
                       "files (each backed up first; --undo puts them back byte for byte)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("agent"),
                                 QStringLiteral("%1|all").arg(agentNames()));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("The gateway's port (default 8080)."),
                                  QStringLiteral("n"), QStringLiteral("8080"));
    const QCommandLineOption model(
        QStringLiteral("model"),
        QStringLiteral("The model the agent asks for, as provider/model (e.g. mock/echo)."),
        QStringLiteral("provider/model"));
    const QCommandLineOption noMcp(
        QStringLiteral("no-mcp"),
        QStringLiteral("Do not add the gateway's /mcp as an MCP server."));
    const QCommandLineOption undoOption(
        QStringLiteral("undo"), QStringLiteral("Restore the agent's files as they were before."));
    const QCommandLineOption status(QStringLiteral("status"),
                                    QStringLiteral("Show which agents are installed and wired."));
    parser.addOptions({port, model, noMcp, undoOption, status});
    QStringList argv = arguments;
    argv[0] = QStringLiteral("gatehouse connect");
    if (!parser.parse(argv)) failUsage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        // Qt's usage line names the executable's full path and no subcommand.
        QString help = parser.helpText();
        help.replace(0, help.indexOf(QLatin1Char('\n')),
                     QStringLiteral("Usage: gatehouse connect [options] <agent>\n"
                                    "       gatehouse connect --undo <agent>\n"
                                    "       gatehouse connect --status"));
        std::printf("%s", qPrintable(help));
        return 0;
    }

    bool ok = false;
    const uint p = parser.value(port).toUInt(&ok);
    if (!ok || p == 0 || p > 65535)
        failUsage(
            QStringLiteral("--port '%1' is not a port number (1-65535)").arg(parser.value(port)));
    if (parser.isSet(status)) {
        if (!parser.positionalArguments().isEmpty())
            failUsage(QStringLiteral("--status takes no agent"));
        return printStatus(int(p));
    }
    if (parser.positionalArguments().size() != 1)
        failUsage(QStringLiteral("name one agent: %1|all").arg(agentNames()));
    const QString name = parser.positionalArguments().first();
    const QList<const CodingAgent *> agents = agentsNamed(name);
    if (agents.isEmpty())
        failUsage(QStringLiteral("unknown agent '%1' (%2|all)").arg(name, agentNames()));
    if (parser.isSet(undoOption)) return undo(agents);

    ConnectOptions options;
    options.port = int(p);
    options.model = parser.value(model);
    options.mcp = !parser.isSet(noMcp);
    return connect(agents, options);
}

}  // namespace gatehouse
