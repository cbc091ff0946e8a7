// The store's compressed blocks, the request log's bodies (store/BodyBlock)
// and stored responses (store/ResponseBlock): a block read back from a
// store may be anything (a damaged file, another program's rows), so
// reading must refuse what it cannot read and never crash or read past its
// input; what a Builder writes must read back byte for byte.
#include "store/BodyBlock.h"
#include "store/ResponseBlock.h"

#include <zstd.h>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

namespace {

QByteArray compress(const QByteArray &raw) {
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(raw.size()))), Qt::Uninitialized);
    const size_t n =
        ZSTD_compress(out.data(), size_t(out.size()), raw.constData(), size_t(raw.size()), 1);
    if (ZSTD_isError(n)) std::abort();
    out.resize(qsizetype(n));
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const QByteArray input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    QString error;
    QByteArray raw;
    std::vector<ResponseBlock::EntryView> entries;
    switch (data[0] % 6) {
        case 0:  // the stored bytes themselves
            BodyBlock::find(input, u"gh-1", &error);
            break;
        case 1:  // a valid frame around arbitrary content (the layout parser)
            BodyBlock::find(compress(QByteArray(1, '\1') + input), u"gh-1", &error);
            break;
        case 2: {  // entries made from the input come back as they went in
            const QList<QByteArray> fields = input.split('\xff');
            std::vector<RequestTrace> traces;
            BodyBlock::Builder builder;
            for (qsizetype i = 0; i + 2 < fields.size() && traces.size() < 16; i += 3) {
                RequestTrace t;
                t.id = QStringLiteral("r%1").arg(i);
                t.requestBody = fields[i + 1];
                t.responseBody = fields[i + 2];
                t.requestTruncated = !fields[i].isEmpty();
                traces.push_back(t);
                builder.add(t);
            }
            if (traces.empty()) break;
            const QByteArray block = builder.finish(&error);
            for (const RequestTrace &t : traces) {
                const auto c = BodyBlock::find(block, t.id, &error);
                if (!c || c->requestBody != t.requestBody || c->responseBody != t.responseBody ||
                    c->requestTruncated != t.requestTruncated)
                    std::abort();
            }
            break;
        }
        case 3:  // stored responses: the stored bytes, then a valid frame, then a round trip
            ResponseBlock::read(input, &raw, &entries, &error);
            break;
        case 4:
            ResponseBlock::read(compress(QByteArray(1, '\1') + input), &raw, &entries, &error);
            break;
        default: {
            const QList<QByteArray> fields = input.split('\xff');
            ResponseBlock::Builder builder;
            int added = 0;
            for (qsizetype i = 0; i + 2 < fields.size() && added < 16; i += 3, ++added)
                builder.add(fields[i], fields[i + 1], fields[i + 2]);
            if (added == 0) break;
            if (!ResponseBlock::read(builder.finish(&error), &raw, &entries, &error) ||
                int(entries.size()) != added)
                std::abort();
            for (int n = 0; n < added; ++n)
                if (entries[size_t(n)].id != fields[3 * n] ||
                    entries[size_t(n)].conversation != fields[3 * n + 1] ||
                    entries[size_t(n)].response != fields[3 * n + 2])
                    std::abort();
            break;
        }
    }
    return 0;
}
