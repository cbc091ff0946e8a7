#pragma once

#include <QWidget>

namespace gatehouse {

class CodingAgentsPanel;
class GatewayController;

// The coding agents on this machine and one-click wiring to the gateway
// (CodingAgentsPanel), on the port the gateway listens on now.
class AgentsPage : public QWidget {
    Q_OBJECT
public:
    explicit AgentsPage(GatewayController *controller, QWidget *parent = nullptr);
    CodingAgentsPanel *codingAgents() const { return agents_; }

protected:
    // The files may have changed meanwhile (`gatehouse connect`, an editor).
    void showEvent(QShowEvent *event) override;

private:
    void followGateway();

    GatewayController *controller_;
    CodingAgentsPanel *agents_;
};

}  // namespace gatehouse
