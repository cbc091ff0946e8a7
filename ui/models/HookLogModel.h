#pragma once

#include "HookLogBuffer.h"

#include "plugins/PluginManager.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <deque>
#include <memory>

class QTimer;

namespace gatehouse {

// The live hook log: every hook call and plugin log line of a plugin host,
// newest first, at most `capacity` rows. Entries arrive on worker threads
// into a HookLogBuffer; a GUI timer moves them into the model in one batch
// per tick, so a busy gateway costs one insert per tick, not one per call.
// Main thread.
class HookLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, RequestId, Plugin, Hook, Duration, Outcome, Message, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 };

    explicit HookLogModel(int capacity = 10000, int drainIntervalMs = 100,
                          QObject *parent = nullptr);
    ~HookLogModel() override;

    void setManager(PluginManager *manager);
    // While paused, entries wait in the buffer (the newest `capacity` of them).
    void setPaused(bool paused);
    bool isPaused() const { return paused_; }
    void clear();
    // Moves what the buffer holds into the rows now (the timer does it too).
    void drain();

    const HookLogEntry &entryAt(int row) const { return rows_[size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void detach();

    const int capacity_;
    std::shared_ptr<HookLogBuffer> buffer_;
    QPointer<PluginManager> manager_;
    QMetaObject::Connection logConnection_;
    QTimer *timer_;
    bool paused_ = false;
    std::deque<HookLogEntry> rows_;  // newest first
};

}  // namespace gatehouse
