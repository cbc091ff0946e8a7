#include "ClientToolTrips.h"

#include "SseEvents.h"
#include "TestHttpClient.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse::test {

namespace {

const QString kAsk = QStringLiteral(R"(get_weather {"location":"Paris"})");
const QString kResult = QStringLiteral("22 C");

QJsonObject objectOf(const QByteArray &bytes) {
    return QJsonDocument::fromJson(bytes).object();
}

TestHttpResponse post(quint16 port, const QString &path, const QJsonObject &body) {
    return TestHttpClient::post(port, path.toUtf8(),
                                QJsonDocument(body).toJson(QJsonDocument::Compact), {}, 20000);
}

// ---- Gemini ------------------------------------------------------------

const QJsonObject kGeminiTools{
    {"functionDeclarations",
     QJsonArray{QJsonObject{
         {"name", "get_weather"},
         {"description", "Weather of a city"},
         {"parameters",
          QJsonObject{
              {"type", "object"},
              {"properties", QJsonObject{{"location", QJsonObject{{"type", "string"}}}}}}}}}}};

// The parts of every candidate the answer (or each streamed chunk) holds.
QJsonArray geminiParts(const TestHttpResponse &r, bool stream) {
    QJsonArray parts;
    const auto collect = [&parts](const QJsonObject &answer) {
        const QJsonArray candidates = answer.value("candidates").toArray();
        if (candidates.isEmpty()) return;
        for (const QJsonValue &p :
             candidates.first().toObject().value("content").toObject().value("parts").toArray())
            parts.append(p);
    };
    if (!stream) {
        collect(objectOf(r.body));
        return parts;
    }
    for (const SseEvent &e : parseSseEvents(r.body)) collect(objectOf(e.data));
    return parts;
}

}  // namespace

ToolTrip geminiToolTrip(quint16 port, const QString &model, bool stream) {
    ToolTrip trip;
    const QString path = QStringLiteral("/genai/v1beta/models/%1:%2")
                             .arg(model, stream ? QStringLiteral("streamGenerateContent?alt=sse")
                                                : QStringLiteral("generateContent"));
    const QJsonObject userTurn{{"role", "user"},
                               {"parts", QJsonArray{QJsonObject{{"text", kAsk}}}}};
    QJsonObject ask{{"contents", QJsonArray{userTurn}}, {"tools", QJsonArray{kGeminiTools}}};
    const TestHttpResponse first = post(port, path, ask);
    if (first.status != 200) {
        trip.problem = QStringLiteral("first answer %1: %2")
                           .arg(first.status)
                           .arg(QString::fromUtf8(first.body));
        return trip;
    }
    QJsonObject call;
    for (const QJsonValue &p : geminiParts(first, stream))
        if (p.toObject().contains("functionCall"))
            call = p.toObject().value("functionCall").toObject();
    if (call.isEmpty()) {
        trip.problem = QStringLiteral("no functionCall in: ") + QString::fromUtf8(first.body);
        return trip;
    }
    trip.toolName = call.value("name").toString();
    trip.arguments = call.value("args").toObject();

    // The function's result goes back as Gemini clients send it: the model's
    // call repeated, then a user turn with the functionResponse (no call id).
    const QJsonObject modelTurn{{"role", "model"},
                                {"parts", QJsonArray{QJsonObject{{"functionCall", call}}}}};
    const QJsonObject resultTurn{
        {"role", "user"},
        {"parts",
         QJsonArray{QJsonObject{
             {"functionResponse", QJsonObject{{"name", trip.toolName},
                                              {"response", QJsonObject{{"result", kResult}}}}}}}}};
    ask["contents"] = QJsonArray{userTurn, modelTurn, resultTurn};
    const TestHttpResponse second = post(port, path, ask);
    if (second.status != 200) {
        trip.problem = QStringLiteral("second answer %1: %2")
                           .arg(second.status)
                           .arg(QString::fromUtf8(second.body));
        return trip;
    }
    for (const QJsonValue &p : geminiParts(second, stream))
        trip.finalText += p.toObject().value("text").toString();
    return trip;
}

// ---- Responses ---------------------------------------------------------

namespace {

const QJsonObject kResponsesTool{
    {"type", "function"},
    {"name", "get_weather"},
    {"description", "Weather of a city"},
    {"parameters",
     QJsonObject{{"type", "object"},
                 {"properties", QJsonObject{{"location", QJsonObject{{"type", "string"}}}}}}}};

// The output items of an answer (streamed: each response.output_item.done)
// and its text.
void responsesOutput(const TestHttpResponse &r, bool stream, QJsonArray *items, QString *text) {
    if (!stream) {
        *items = objectOf(r.body).value("output").toArray();
        for (const QJsonValue &item : *items)
            for (const QJsonValue &part : item.toObject().value("content").toArray())
                if (part.toObject().value("type") == QLatin1String("output_text"))
                    *text += part.toObject().value("text").toString();
        return;
    }
    for (const SseEvent &e : parseSseEvents(r.body)) {
        const QJsonObject data = objectOf(e.data);
        if (e.event == "response.output_item.done") items->append(data.value("item"));
        if (e.event == "response.output_text.delta") *text += data.value("delta").toString();
    }
}

}  // namespace

ToolTrip responsesToolTrip(quint16 port, const QString &model, bool stream) {
    ToolTrip trip;
    const QJsonObject userItem{{"role", "user"}, {"content", kAsk}};
    QJsonObject ask{{"model", model},
                    {"input", QJsonArray{userItem}},
                    {"tools", QJsonArray{kResponsesTool}},
                    {"store", false},
                    {"stream", stream}};
    const TestHttpResponse first = post(port, QStringLiteral("/v1/responses"), ask);
    if (first.status != 200) {
        trip.problem = QStringLiteral("first answer %1: %2")
                           .arg(first.status)
                           .arg(QString::fromUtf8(first.body));
        return trip;
    }
    QJsonArray items;
    QString text;
    responsesOutput(first, stream, &items, &text);
    QJsonObject call;
    for (const QJsonValue &item : items)
        if (item.toObject().value("type") == QLatin1String("function_call")) call = item.toObject();
    if (call.isEmpty() || call.value("call_id").toString().isEmpty()) {
        trip.problem =
            QStringLiteral("no function_call with a call_id in: ") + QString::fromUtf8(first.body);
        return trip;
    }
    trip.toolName = call.value("name").toString();
    trip.arguments = objectOf(call.value("arguments").toString().toUtf8());

    // As Codex and the Agents SDK send it: the whole conversation again, the
    // call as an item and its output under the same call_id.
    const QJsonObject callItem{{"type", "function_call"},
                               {"call_id", call.value("call_id")},
                               {"name", trip.toolName},
                               {"arguments", call.value("arguments")}};
    const QJsonObject outputItem{
        {"type", "function_call_output"}, {"call_id", call.value("call_id")}, {"output", kResult}};
    ask["input"] = QJsonArray{userItem, callItem, outputItem};
    const TestHttpResponse second = post(port, QStringLiteral("/v1/responses"), ask);
    if (second.status != 200) {
        trip.problem = QStringLiteral("second answer %1: %2")
                           .arg(second.status)
                           .arg(QString::fromUtf8(second.body));
        return trip;
    }
    items = {};
    responsesOutput(second, stream, &items, &trip.finalText);
    return trip;
}

}  // namespace gatehouse::test
