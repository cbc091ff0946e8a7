// The request log's error and session indexes hold only the rows they are
// looked up for (StoreSchema, version 13). A planner uses such a partial
// index only when the query itself implies the index's condition, so these
// tests ask each database for its plan of the exact query LogReader runs.
// On PostgreSQL the plan is the generic one, the plan a prepared statement
// ends up with, where the bound values are unknown to the planner.
#include "StoreTestKit.h"
#include "store/LogReader.h"
#include "store/StoreConnection.h"
#include "store/StoreSchema.h"

#include <gtest/gtest.h>
#include <QSqlError>
#include <QSqlQuery>

using namespace gatehouse;
using gatehouse::test::TestStore;

namespace {

class LogIndexPlanTest : public ::testing::TestWithParam<TestStore::Backend> {
protected:
    // 5,000 requests: every 500th a 500, every other 700th a 429, every
    // 100th a turn of one of five sessions; the rest answered, no session.
    void fill(StoreConnection &c) {
        QString error;
        ASSERT_TRUE(StoreSchema::migrate(c, &error)) << error.toStdString();
        ASSERT_TRUE(
            c.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                  "WHERE i < 5000) "
                                  "INSERT INTO requests (id, ts, provider, status, session_id) "
                                  "SELECT 'r' || i, i, CASE i % 3 WHEN 0 THEN 'openai' WHEN 1 THEN "
                                  "'anthropic' ELSE 'mock' END, CASE WHEN i % 500 = 0 THEN 500 "
                                  "WHEN i % 700 = 0 THEN 429 ELSE 200 END, CASE WHEN i % 100 = 0 "
                                  "THEN 's' || (i / 100 % 5) ELSE '' END FROM n"),
                   &error))
            << error.toStdString();
        ASSERT_TRUE(c.exec(QStringLiteral("ANALYZE"), &error)) << error.toStdString();
    }

    // The plan's text, one line per step.
    QString plan(StoreConnection &c, const LogFilter &filter) {
        QVariantList values;
        QString sql = LogReader::pageQuery(filter, c.isPostgres(), &values);
        QSqlQuery q(c.db());
        QString out;
        if (!c.isPostgres()) {
            EXPECT_TRUE(q.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + sql))
                << q.lastError().text().toStdString();
            for (int i = 0; i < values.size(); ++i) q.bindValue(i, values[i]);
            EXPECT_TRUE(q.exec()) << q.lastError().text().toStdString();
            while (q.next()) out += q.value(3).toString() + QLatin1Char('\n');
            return out;
        }
        // A named statement with $n parameters, planned without its values.
        QStringList arguments;
        for (int i = 0, n = 1; i < sql.size(); ++i) {
            if (sql[i] != QLatin1Char('?')) continue;
            const QString marker = QLatin1Char('$') + QString::number(n++);
            sql.replace(i, 1, marker);
            i += int(marker.size()) - 1;
        }
        for (const QVariant &v : values)
            arguments << (v.typeId() == QMetaType::QString
                              ? QLatin1Char('\'') + v.toString() + QLatin1Char('\'')
                              : v.toString());
        QString error;
        EXPECT_TRUE(c.exec(QStringLiteral("SET plan_cache_mode = force_generic_plan"), &error));
        EXPECT_TRUE(c.exec(QStringLiteral("SET enable_seqscan = off"), &error));
        EXPECT_TRUE(c.exec(QStringLiteral("PREPARE log_page AS ") + sql, &error))
            << error.toStdString();
        EXPECT_TRUE(q.exec(QStringLiteral("EXPLAIN EXECUTE log_page(%1)")
                               .arg(arguments.join(QStringLiteral(", ")))))
            << q.lastError().text().toStdString();
        while (q.next()) out += q.value(0).toString() + QLatin1Char('\n');
        EXPECT_TRUE(c.exec(QStringLiteral("DEALLOCATE log_page"), &error));
        return out;
    }

    qint64 total(StoreConnection &c, const LogFilter &filter) {
        LogPage page;
        QString error;
        EXPECT_TRUE(LogReader::list(c, filter, &page, &error)) << error.toStdString();
        return page.total;
    }
};

TEST_P(LogIndexPlanTest, ErrorFiltersUseTheErrorsOnlyIndexes) {
    GATEHOUSE_TEST_STORE(store);
    StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
    QString error;
    ASSERT_TRUE(c.open(&error)) << error.toStdString();
    fill(c);

    LogFilter errors;
    errors.status = QStringLiteral("error");
    EXPECT_TRUE(plan(c, errors).contains(QLatin1String("requests_errors_ts")))
        << plan(c, errors).toStdString();
    EXPECT_EQ(total(c, errors), 16);  // ten 500s and six 429s (3500 is a 500)

    LogFilter code;
    code.status = QStringLiteral("429");
    EXPECT_TRUE(plan(c, code).contains(QLatin1String("requests_errors_ts")))
        << plan(c, code).toStdString();
    EXPECT_EQ(total(c, code), 6);

    LogFilter providerCode;
    providerCode.provider = QStringLiteral("openai");
    providerCode.status = QStringLiteral("500");
    EXPECT_TRUE(plan(c, providerCode).contains(QLatin1String("requests_provider_errors_ts")))
        << plan(c, providerCode).toStdString();
    EXPECT_EQ(total(c, providerCode), 3);  // 1500, 3000, 4500

    LogFilter providerClass;
    providerClass.provider = QStringLiteral("openai");
    providerClass.status = QStringLiteral("5xx");
    EXPECT_TRUE(plan(c, providerClass).contains(QLatin1String("requests_provider_errors_ts")))
        << plan(c, providerClass).toStdString();

    // Answered requests are most of the log: no index narrows them, and the
    // filter still finds them.
    LogFilter ok;
    ok.status = QStringLiteral("200");
    EXPECT_EQ(total(c, ok), 5000 - 16);
}

TEST_P(LogIndexPlanTest, SessionFilterUsesTheSessionsOnlyIndex) {
    GATEHOUSE_TEST_STORE(store);
    StoreConnection c(store.location(), QStringLiteral("t"), StoreConnection::Durability::Full);
    QString error;
    ASSERT_TRUE(c.open(&error)) << error.toStdString();
    fill(c);

    LogFilter session;
    session.sessionId = QStringLiteral("s1");
    EXPECT_TRUE(plan(c, session).contains(QLatin1String("requests_session_ts")))
        << plan(c, session).toStdString();
    EXPECT_EQ(total(c, session), 10);  // i = 100 k, k in 1..50 with k % 5 == 1
}

GATEHOUSE_ON_EVERY_STORE(LogIndexPlanTest);

}  // namespace
