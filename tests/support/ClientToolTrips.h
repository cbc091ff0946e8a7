#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse::test {

// A client's whole tool round trip through the gateway, in the client's own
// wire format, against an "agent" model of the fakes (FakeUpstream,
// FakeBedrock): the user asks `get_weather {"location":"Paris"}`, the model
// calls get_weather with that input, the client sends the result "22 C"
// back as its format does (Gemini: a functionResponse part; Responses: a
// function_call_output item with the call's id), and the model answers with
// the text of that result.
struct ToolTrip {
    QString problem;        // empty when every step went as the client expects
    QString toolName;       // the call in the first answer
    QJsonObject arguments;  // its input
    QString finalText;      // the answer to the result
};

// `model` is "provider/model"; `stream` streams both answers.
ToolTrip geminiToolTrip(quint16 port, const QString &model, bool stream);
ToolTrip responsesToolTrip(quint16 port, const QString &model, bool stream);

}  // namespace gatehouse::test
