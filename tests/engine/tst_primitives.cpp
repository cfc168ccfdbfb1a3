// The instrumented kernel primitives, driven directly on a bare machine: each test builds a few
// objects and threads whose bodies call the primitives the way kernel code does, then chooses
// the steps itself and checks cells, events, thread states and verdicts.
#include "kernel.hpp"
#include "machine.hpp"

#include <QTest>

#include <climits>
#include <functional>
#include <map>
#include <string>

using namespace lockstep;
using namespace lockstep::kernel;
using lockstep::detail::machine;

namespace {

// A machine with one object to hang test fields and locks on. Everything a thread body
// captures by reference must be declared before the bench: the bench's destructor unwinds the
// fibers still parked inside their bodies.
struct bench {
    machine m{run_config{}};
    std::int32_t obj = m.add_object("obj", "test_object");

    template <class T>
    shared<T> field(const std::string& name, value_t init = 0, field_kind kind = field_kind::integer) {
        return {m.add_field(obj, name, kind, init)};
    }
    atomic_t atomic(const std::string& name, value_t init) { return {m.add_field(obj, name, field_kind::integer, init)}; }
    thread_id thread(const std::string& name, std::function<void()> body) {
        return m.add_thread(name, "test", 0, std::move(body));
    }

    value_t cell(std::int32_t c) const { return m.mem.cells[c]; }
    std::string next_op(thread_id t) const { return m.threads_[t].finished ? "" : m.threads_[t].next.name; }
    thread_state state(thread_id t) const { return m.make_snapshot().threads[t].state; }
    const event& last() const { return m.events.back(); }

    // Steps `t` until the operation it will perform next is `op`; false if it cannot get there.
    bool advance_to(thread_id t, const std::string& op, int max_steps = 100) {
        for (int i = 0; i <= max_steps; ++i) {
            if (next_op(t) == op) return true;
            if (!m.can_run(t)) return false;
            m.step(t);
        }
        return false;
    }
    // Steps `t` while it can run; returns how many steps it took.
    int run(thread_id t, int max_steps = 1000) {
        int n = 0;
        while (m.can_run(t) && n < max_steps) m.step(t), ++n;
        return n;
    }
};

const char* const this_file = __FILE__;

QString text(const std::string& s) { return QString::fromStdString(s); }
QString str(const std::string& s) { return QString::fromStdString(s); }
QString str(const char* s) { return QString::fromUtf8(s); }
// Lists Qt Test can print when a comparison fails.
QStringList list(const std::vector<std::string>& v) {
    QStringList l;
    for (const auto& s : v) l << QString::fromStdString(s);
    return l;
}
QList<int> ids(const std::vector<thread_id>& v) { return QList<int>(v.begin(), v.end()); }

// Refuses to step a thread the controller would not offer (machine::step only asserts it).
#define STEP(b, t)                                                                                 \
    do {                                                                                           \
        QVERIFY2((b).m.can_run(t), qPrintable("cannot step " + text((b).m.threads_[t].name) +     \
                                              ": " + text((b).m.why_blocked(t))));                 \
        (b).m.step(t);                                                                             \
    } while (0)

// Every complete interleaving of the machine's threads, by restarting and replaying prefixes.
void each_interleaving(machine& m, std::vector<thread_id>& prefix,
                       const std::function<void(const std::vector<thread_id>&)>& at_end) {
    std::vector<thread_id> runnable;
    for (thread_id t = 0; t < static_cast<thread_id>(m.threads_.size()); ++t)
        if (m.can_run(t)) runnable.push_back(t);
    if (runnable.empty()) return at_end(prefix);
    for (thread_id t : runnable) {
        m.restart();
        for (thread_id p : prefix) m.step(p);
        m.step(t);
        prefix.push_back(t);
        each_interleaving(m, prefix, at_end);
        prefix.pop_back();
    }
}

}  // namespace

class tst_primitives : public QObject {
    Q_OBJECT

private slots:
    // ---- shared variables and fences --------------------------------------------------------
    void accessIsOneStepWithOneEventAtTheCallersLine_data();
    void accessIsOneStepWithOneEventAtTheCallersLine();
    void threadParksBeforeItsFirstOperation();
    void kernelFunctionFramesNameTheEventAndTheStack();

    // ---- atomic_t and refcount_t ------------------------------------------------------------
    void atomicOperationChangesTheCounter_data();
    void atomicOperationChangesTheCounter();
    void refcountOperationFollowsLibRefcount_data();
    void refcountOperationFollowsLibRefcount();
    void refcountIncIsLoggedUnderItsOwnName();

    // ---- rw_semaphore ------------------------------------------------------------------------
    void downReadTrylockFailsWhileWriteHeld();
    void writerWaitsUntilLastReaderLeaves();
    void readerBlocksBehindWriterAndNamesIt();
    void downgradeWriteLetsABlockedReaderIn();

    // ---- rcuwait -----------------------------------------------------------------------------
    void rcuwaitWaiterSleepsUntilWokenUp();
    void wakeBeforeScheduleIsNotLost();
    void rcuwaitNeverLosesAWakeupInAnyInterleaving();
    void checkingConditionBeforeSetCurrentStateLosesAWakeup();
    void sleeperWithConditionTrueAndNobodyToWakeItIsALostWakeup();
    void killDoesNotWakeAnUninterruptibleSleeper();

    // ---- RCU and slab ------------------------------------------------------------------------
    void rcuReadLockNestsAndShowsInSnapshot();
    void slabReusesMostRecentlyFreedObjectFirst();
    void touchingFreedObjectIsUseAfterFree();
    void typesafeByRcuObjectMayBeReadAfterFreeOnlyUnderRcu();
    void doubleFreeIsABug();

    // ---- mutex and signals -------------------------------------------------------------------
    void mutexLockBlocksWhileHeldAndUnlockLetsWaiterIn();
    void mutexLockInterruptibleGivesUpOnSigkill();
    void mutexLockInterruptibleTakesFreeMutexDespiteSignal();

    // ---- wait queues -------------------------------------------------------------------------
    void waitEventInterruptibleSleepsUntilWokenAfterCondition();
    void sigkillWakesInterruptibleSleeperWithErestartsys();

    // ---- checker -----------------------------------------------------------------------------
    void oppositeLockOrderIsReportedAsDeadlockWithCycle();
    void sameLockOrderNeverDeadlocks();
    void vmBugOnKillsTheThreadWithAVerdict();
    void warnOnOnceRecordsAVerdictAndGoesOn();
};

// ---- shared variables and fences --------------------------------------------------------------

void tst_primitives::accessIsOneStepWithOneEventAtTheCallersLine_data() {
    QTest::addColumn<QString>("op");
    QTest::addColumn<bool>("touchesX");
    QTest::addColumn<qint64>("oldValue");
    QTest::addColumn<qint64>("newValue");
    QTest::addColumn<qint64>("after");

    QTest::newRow("READ_ONCE") << "READ_ONCE" << true << qint64(7) << qint64(7) << qint64(7);
    QTest::newRow("WRITE_ONCE") << "WRITE_ONCE" << true << qint64(7) << qint64(9) << qint64(9);
    QTest::newRow("smp_load_acquire") << "smp_load_acquire" << true << qint64(7) << qint64(7) << qint64(7);
    QTest::newRow("smp_store_release") << "smp_store_release" << true << qint64(7) << qint64(9) << qint64(9);
    QTest::newRow("smp_mb") << "smp_mb" << false << qint64(0) << qint64(0) << qint64(7);
    QTest::newRow("smp_wmb") << "smp_wmb" << false << qint64(0) << qint64(0) << qint64(7);
    QTest::newRow("smp_rmb") << "smp_rmb" << false << qint64(0) << qint64(0) << qint64(7);
}

void tst_primitives::accessIsOneStepWithOneEventAtTheCallersLine() {
    QFETCH(QString, op);
    QFETCH(bool, touchesX);
    QFETCH(qint64, oldValue);
    QFETCH(qint64, newValue);
    QFETCH(qint64, after);

    const std::string name = op.toStdString();
    unsigned line = 0;
    int got = -1;
    bench b;
    auto x = b.field<int>("x", 7);
    const thread_id t = b.thread("T", [&, x]() mutable {
        // Each call on the same line as the line number it records: the event must carry it.
        if (name == "READ_ONCE") { line = __LINE__; got = READ_ONCE(x); }
        if (name == "WRITE_ONCE") { line = __LINE__; WRITE_ONCE(x, 9); }
        if (name == "smp_load_acquire") { line = __LINE__; got = smp_load_acquire(x); }
        if (name == "smp_store_release") { line = __LINE__; smp_store_release(x, 9); }
        if (name == "smp_mb") { line = __LINE__; smp_mb(); }
        if (name == "smp_wmb") { line = __LINE__; smp_wmb(); }
        if (name == "smp_rmb") { line = __LINE__; smp_rmb(); }
    });
    b.m.start();

    QVERIFY(b.m.can_run(t));
    QCOMPARE(str(b.next_op(t)), op);
    QVERIFY(b.m.events.empty());
    const snapshot before = b.m.make_snapshot();
    QCOMPARE(before.threads[t].where.line(), line);
    QCOMPARE(str(before.threads[t].next_op), touchesX ? op + "(obj.x)" : op);

    b.m.step(t);

    QCOMPARE(b.m.steps, std::uint64_t(1));
    QCOMPARE(b.m.events.size(), std::size_t(1));
    QVERIFY2(!b.m.can_run(t), "the operation took more than one step");
    QCOMPARE(b.state(t), thread_state::done);
    const lockstep::event& e = b.last();
    QCOMPARE(e.step, std::uint64_t(1));
    QCOMPARE(e.thread, t);
    QCOMPARE(str(e.op), op);
    QCOMPARE(e.cell, touchesX ? x.cell : -1);
    QCOMPARE(e.old_value, oldValue);
    QCOMPARE(e.new_value, newValue);
    QVERIFY(!e.failed);
    QCOMPARE(e.woke, no_thread);
    QCOMPARE(e.where.line(), line);
    QCOMPARE(str(e.where.file_name()), str(this_file));
    QCOMPARE(b.cell(x.cell), after);
    if (name == "READ_ONCE" || name == "smp_load_acquire") QCOMPARE(got, 7);
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::threadParksBeforeItsFirstOperation() {
    bench b;
    auto x = b.field<int>("x", 0);
    const thread_id t1 = b.thread("T1", [x]() mutable { WRITE_ONCE(x, 1); });
    const thread_id t2 = b.thread("T2", [x]() mutable { WRITE_ONCE(x, 2); });
    b.m.start();

    // start() runs every body only up to its first operation: nothing has happened yet.
    QCOMPARE(b.cell(x.cell), 0);
    QCOMPARE(b.m.steps, std::uint64_t(0));
    QVERIFY(b.m.can_run(t1) && b.m.can_run(t2));

    // The controller decides the order, so the last writer wins.
    b.m.step(t2);
    QCOMPARE(b.cell(x.cell), 2);
    b.m.step(t1);
    QCOMPARE(b.cell(x.cell), 1);
    QVERIFY(!b.m.any_runnable());
    QVERIFY(b.m.make_snapshot().finished);
}

void tst_primitives::kernelFunctionFramesNameTheEventAndTheStack() {
    bench b;
    auto x = b.field<int>("x", 0);
    const thread_id t = b.thread("T", [x]() mutable {
        frame outer("do_page_fault");
        WRITE_ONCE(x, 1);
        {
            frame inner("vma_start_read");
            WRITE_ONCE(x, 2);
        }
        WRITE_ONCE(x, 3);
    });
    b.m.start();

    QCOMPARE(list(b.m.make_snapshot().threads[t].stack), QStringList({"do_page_fault"}));
    STEP(b, t);
    QCOMPARE(str(b.last().function), QStringLiteral("do_page_fault"));
    QCOMPARE(list(b.m.make_snapshot().threads[t].stack), QStringList({"do_page_fault", "vma_start_read"}));
    STEP(b, t);
    QCOMPARE(str(b.last().function), QStringLiteral("vma_start_read"));
    STEP(b, t);
    QCOMPARE(str(b.last().function), QStringLiteral("do_page_fault"));
    QVERIFY(b.m.make_snapshot().threads[t].stack.empty());  // finished
}

// ---- atomic_t and refcount_t --------------------------------------------------------------------

void tst_primitives::atomicOperationChangesTheCounter_data() {
    QTest::addColumn<QString>("op");
    QTest::addColumn<qint64>("initial");
    QTest::addColumn<int>("arg");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<qint64>("result");  // the return value; 0 for void operations

    QTest::newRow("atomic_read") << "atomic_read" << qint64(5) << 0 << qint64(5) << qint64(5);
    QTest::newRow("atomic_set") << "atomic_set" << qint64(5) << 42 << qint64(42) << qint64(0);
    QTest::newRow("atomic_inc") << "atomic_inc" << qint64(5) << 0 << qint64(6) << qint64(0);
    QTest::newRow("atomic_inc wraps at INT_MAX") << "atomic_inc" << qint64(INT_MAX) << 0 << qint64(INT_MIN) << qint64(0);
    QTest::newRow("atomic_dec_and_test to zero") << "atomic_dec_and_test" << qint64(1) << 0 << qint64(0) << qint64(1);
    QTest::newRow("atomic_dec_and_test above zero") << "atomic_dec_and_test" << qint64(3) << 0 << qint64(2) << qint64(0);
    QTest::newRow("atomic_or") << "atomic_or" << qint64(0x5) << 0x12 << qint64(0x17) << qint64(0);
    QTest::newRow("atomic_andnot") << "atomic_andnot" << qint64(0x17) << 0x5 << qint64(0x12) << qint64(0);
}

void tst_primitives::atomicOperationChangesTheCounter() {
    QFETCH(QString, op);
    QFETCH(qint64, initial);
    QFETCH(int, arg);
    QFETCH(qint64, expected);
    QFETCH(qint64, result);

    const std::map<std::string, std::function<value_t(atomic_t&, int)>> ops = {
        {"atomic_read", [](atomic_t& v, int) -> value_t { return atomic_read(v); }},
        {"atomic_set", [](atomic_t& v, int i) -> value_t { atomic_set(v, i); return 0; }},
        {"atomic_inc", [](atomic_t& v, int) -> value_t { atomic_inc(v); return 0; }},
        {"atomic_dec_and_test", [](atomic_t& v, int) -> value_t { return atomic_dec_and_test(v); }},
        {"atomic_or", [](atomic_t& v, int i) -> value_t { atomic_or(i, v); return 0; }},
        {"atomic_andnot", [](atomic_t& v, int i) -> value_t { atomic_andnot(i, v); return 0; }},
    };
    const auto& call = ops.at(op.toStdString());
    value_t got = -12345;
    bench b;
    atomic_t v = b.atomic("counter", initial);
    const thread_id t = b.thread("T", [&, v]() mutable { got = call(v, arg); });
    b.m.start();
    STEP(b, t);

    QCOMPARE(b.state(t), thread_state::done);  // one step
    QCOMPARE(b.cell(v.counter), expected);
    QCOMPARE(got, result);
    QCOMPARE(b.m.events.size(), std::size_t(1));
    QCOMPARE(str(b.last().op), op);
    QCOMPARE(b.last().cell, v.counter);
    QCOMPARE(b.last().old_value, initial);
    QCOMPARE(b.last().new_value, expected);
}

void tst_primitives::refcountOperationFollowsLibRefcount_data() {
    QTest::addColumn<QString>("op");
    QTest::addColumn<int>("bits");
    QTest::addColumn<qint64>("initial");
    QTest::addColumn<int>("arg");       // i for add / sub, limit for the limited increments
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<qint64>("result");  // bool results as 0/1, refcount_read's value, 0 for void
    QTest::addColumn<bool>("failed");    // the event is marked failed (a refused *_not_zero)
    QTest::addColumn<int>("oldp");       // what *oldp receives (-1: the operation has none)

    const qint64 O = 0x40000000;
    const qint64 sat32 = -(qint64(1) << 30);  // REFCOUNT_SATURATED, 0xc0000000 as an int
    const qint64 sat5 = -(qint64(1) << 3);    // the same for the scaled 5-bit word: -8

    QTest::newRow("read") << "refcount_read" << 32 << qint64(3) << 0 << qint64(3) << qint64(3) << false << -1;
    QTest::newRow("set") << "refcount_set" << 32 << qint64(3) << 1 << qint64(1) << qint64(0) << false << -1;
    QTest::newRow("set_release") << "refcount_set_release" << 32 << qint64(0) << 1 << qint64(1) << qint64(0) << false << -1;
    QTest::newRow("inc") << "refcount_inc" << 32 << qint64(1) << 0 << qint64(2) << qint64(0) << false << -1;
    QTest::newRow("add the writer bit") << "refcount_add" << 32 << qint64(2) << int(O) << qint64(O + 2) << qint64(0) << false << -1;
    QTest::newRow("inc_not_zero takes a count") << "refcount_inc_not_zero" << 32 << qint64(1) << 0 << qint64(2) << qint64(1) << false << -1;
    QTest::newRow("inc_not_zero refuses 0") << "refcount_inc_not_zero" << 32 << qint64(0) << 0 << qint64(0) << qint64(0) << true << -1;
    QTest::newRow("__inc_not_zero reports old") << "__refcount_inc_not_zero" << 32 << qint64(4) << 0 << qint64(5) << qint64(1) << false << 4;
    QTest::newRow("__inc_not_zero refuses 0") << "__refcount_inc_not_zero" << 32 << qint64(0) << 0 << qint64(0) << qint64(0) << true << 0;
    QTest::newRow("add_not_zero adds") << "refcount_add_not_zero" << 32 << qint64(1) << int(O) << qint64(O + 1) << qint64(1) << false << -1;
    QTest::newRow("add_not_zero refuses 0") << "refcount_add_not_zero" << 32 << qint64(0) << int(O) << qint64(0) << qint64(0) << true << -1;
    QTest::newRow("limited_acquire up to the limit") << "__refcount_inc_not_zero_limited_acquire" << 32 << qint64(4) << 5 << qint64(5) << qint64(1) << false << 4;
    QTest::newRow("limited_acquire refuses past the limit") << "__refcount_inc_not_zero_limited_acquire" << 32 << qint64(5) << 5 << qint64(5) << qint64(0) << true << 5;
    QTest::newRow("limited_acquire refuses the writer bit") << "__refcount_inc_not_zero_limited_acquire" << 32 << qint64(O + 1) << int(O - 1) << qint64(O + 1) << qint64(0) << true << int(O + 1);
    QTest::newRow("limited_acquire refuses 0") << "__refcount_inc_not_zero_limited_acquire" << 32 << qint64(0) << 5 << qint64(0) << qint64(0) << true << 0;
    QTest::newRow("limited (relaxed) refuses past the limit") << "__refcount_inc_not_zero_limited" << 32 << qint64(7) << 5 << qint64(7) << qint64(0) << true << 7;
    QTest::newRow("dec_and_test to zero") << "refcount_dec_and_test" << 32 << qint64(1) << 0 << qint64(0) << qint64(1) << false << -1;
    QTest::newRow("dec_and_test above zero") << "refcount_dec_and_test" << 32 << qint64(3) << 0 << qint64(2) << qint64(0) << false << -1;
    QTest::newRow("__dec_and_test reports old") << "__refcount_dec_and_test" << 32 << qint64(O + 2) << 0 << qint64(O + 1) << qint64(0) << false << int(O + 2);
    QTest::newRow("sub_and_test all of it") << "refcount_sub_and_test" << 32 << qint64(O + 1) << int(O + 1) << qint64(0) << qint64(1) << false << -1;
    QTest::newRow("sub_and_test part of it") << "refcount_sub_and_test" << 32 << qint64(O + 3) << int(O) << qint64(3) << qint64(0) << false << -1;

    // Saturation, as refcount_warn_saturate() does it: any result below 0 and any addition on
    // 0 leave the counter at REFCOUNT_SATURATED.
    QTest::newRow("inc overflows 32 bits") << "refcount_inc" << 32 << qint64(INT_MAX) << 0 << sat32 << qint64(0) << false << -1;
    QTest::newRow("inc on 0 saturates (32 bits)") << "refcount_inc" << 32 << qint64(0) << 0 << sat32 << qint64(0) << false << -1;
    QTest::newRow("inc overflows 5 bits") << "refcount_inc" << 5 << qint64(15) << 0 << sat5 << qint64(0) << false << -1;
    QTest::newRow("add overflows 5 bits") << "refcount_add" << 5 << qint64(9) << 8 << sat5 << qint64(0) << false << -1;
    QTest::newRow("add on 0 saturates (5 bits)") << "refcount_add" << 5 << qint64(0) << 8 << sat5 << qint64(0) << false << -1;
    QTest::newRow("inc on saturated stays saturated") << "refcount_inc" << 5 << sat5 << 0 << sat5 << qint64(0) << false << -1;
    QTest::newRow("add_not_zero overflows 5 bits") << "refcount_add_not_zero" << 5 << qint64(8) << 8 << sat5 << qint64(1) << false << -1;
    QTest::newRow("inc_not_zero overflows 5 bits") << "refcount_inc_not_zero" << 5 << qint64(15) << 0 << sat5 << qint64(1) << false << -1;
    QTest::newRow("dec_and_test on 0 saturates") << "refcount_dec_and_test" << 5 << qint64(0) << 0 << sat5 << qint64(0) << false << -1;
    QTest::newRow("sub_and_test below 0 saturates") << "refcount_sub_and_test" << 5 << qint64(3) << 8 << sat5 << qint64(0) << false << -1;
}

void tst_primitives::refcountOperationFollowsLibRefcount() {
    QFETCH(QString, op);
    QFETCH(int, bits);
    QFETCH(qint64, initial);
    QFETCH(int, arg);
    QFETCH(qint64, expected);
    QFETCH(qint64, result);
    QFETCH(bool, failed);
    QFETCH(int, oldp);

    using call_t = std::function<value_t(refcount_t&, int, int*)>;
    const std::map<std::string, call_t> ops = {
        {"refcount_read", [](refcount_t& r, int, int*) -> value_t { return refcount_read(r); }},
        {"refcount_set", [](refcount_t& r, int n, int*) -> value_t { refcount_set(r, n); return 0; }},
        {"refcount_set_release", [](refcount_t& r, int n, int*) -> value_t { refcount_set_release(r, n); return 0; }},
        {"refcount_inc", [](refcount_t& r, int, int*) -> value_t { refcount_inc(r); return 0; }},
        {"refcount_add", [](refcount_t& r, int i, int*) -> value_t { refcount_add(i, r); return 0; }},
        {"refcount_inc_not_zero", [](refcount_t& r, int, int*) -> value_t { return refcount_inc_not_zero(r); }},
        {"__refcount_inc_not_zero", [](refcount_t& r, int, int* o) -> value_t { return __refcount_inc_not_zero(r, o); }},
        {"refcount_add_not_zero", [](refcount_t& r, int i, int*) -> value_t { return refcount_add_not_zero(i, r); }},
        {"__refcount_inc_not_zero_limited_acquire",
         [](refcount_t& r, int limit, int* o) -> value_t { return __refcount_inc_not_zero_limited_acquire(r, o, limit); }},
        {"__refcount_inc_not_zero_limited",
         [](refcount_t& r, int limit, int* o) -> value_t { return __refcount_inc_not_zero_limited(r, o, limit); }},
        {"refcount_dec_and_test", [](refcount_t& r, int, int*) -> value_t { return refcount_dec_and_test(r); }},
        {"__refcount_dec_and_test", [](refcount_t& r, int, int* o) -> value_t { return __refcount_dec_and_test(r, o); }},
        {"refcount_sub_and_test", [](refcount_t& r, int i, int*) -> value_t { return refcount_sub_and_test(i, r); }},
    };
    const auto& call = ops.at(op.toStdString());
    value_t got = -12345;
    int old = -1;
    bench b;
    refcount_t r;
    r.refs.counter = b.m.add_field(b.obj, "refs", field_kind::refcnt_word, initial);
    r.bits = bits;
    const thread_id t = b.thread("T", [&, r]() mutable { got = call(r, arg, &old); });
    b.m.start();
    STEP(b, t);

    QCOMPARE(b.state(t), thread_state::done);  // the whole cmpxchg loop is one step
    QCOMPARE(b.cell(r.refs.counter), expected);
    QCOMPARE(got, result);
    QCOMPARE(old, oldp);
    QCOMPARE(b.m.events.size(), std::size_t(1));
    const lockstep::event& e = b.last();
    QCOMPARE(e.cell, r.refs.counter);
    QCOMPARE(e.old_value, initial);
    QCOMPARE(e.new_value, expected);
    QCOMPARE(e.failed, failed);
}

void tst_primitives::refcountIncIsLoggedUnderItsOwnName() {
    bench b;
    refcount_t r;
    r.refs.counter = b.m.add_field(b.obj, "refs", field_kind::refcnt_word, 1);
    const thread_id t = b.thread("T", [r]() mutable { refcount_inc(r); });
    b.m.start();
    STEP(b, t);
    QCOMPARE(b.cell(r.refs.counter), 2);
    // The event names the operation the algorithm's source calls at that line.
    QCOMPARE(str(b.last().op), QStringLiteral("refcount_inc"));
}

// ---- rw_semaphore --------------------------------------------------------------------------------

void tst_primitives::downReadTrylockFailsWhileWriteHeld() {
    int first = -1, second = -1;
    bench b;
    rw_semaphore sem = make_rw_semaphore(b.m, b.obj, "sem");
    auto x = b.field<int>("x");
    const thread_id w = b.thread("W", [sem, x]() mutable {
        down_write(sem);
        WRITE_ONCE(x, 1);
        up_write(sem);
    });
    const thread_id r = b.thread("R", [&, sem]() mutable {
        first = down_read_trylock(sem);
        second = down_read_trylock(sem);
        if (second) up_read(sem);
    });
    b.m.start();

    STEP(b, w);  // down_write
    QCOMPARE(list(b.m.make_snapshot().threads[w].locks_held), QStringList({"sem (write)"}));
    STEP(b, r);  // trylock while write-held
    QCOMPARE(first, 0);
    QVERIFY(b.last().failed);
    QCOMPARE(str(b.last().op), QStringLiteral("down_read_trylock"));
    QCOMPARE(b.cell(sem.readers), 0);
    QVERIFY(b.m.make_snapshot().threads[r].locks_held.empty());

    STEP(b, w);  // WRITE_ONCE
    STEP(b, w);  // up_write
    QCOMPARE(b.cell(sem.owner), 0);
    STEP(b, r);  // trylock on a free semaphore
    QCOMPARE(second, 1);
    QVERIFY(!b.last().failed);
    QCOMPARE(b.cell(sem.readers), 1);
    QCOMPARE(list(b.m.make_snapshot().threads[r].locks_held), QStringList({"sem (read)"}));
    STEP(b, r);  // up_read
    QCOMPARE(b.cell(sem.readers), 0);
    QCOMPARE(b.cell(sem.reader_mask), 0);
    QVERIFY(!b.m.any_runnable());
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::writerWaitsUntilLastReaderLeaves() {
    bench b;
    rw_semaphore sem = make_rw_semaphore(b.m, b.obj, "mmap_lock");
    auto reader = [sem]() mutable {
        down_read(sem);
        up_read(sem);
    };
    const thread_id r1 = b.thread("R1", reader);
    const thread_id r2 = b.thread("R2", reader);
    const thread_id w = b.thread("W", [sem]() mutable {
        down_write(sem);
        up_write(sem);
    });
    b.m.start();

    STEP(b, r1);
    STEP(b, r2);
    QCOMPARE(b.cell(sem.readers), 2);
    QVERIFY(!b.m.can_run(w));
    snapshot s = b.m.make_snapshot();
    QCOMPARE(s.threads[w].state, thread_state::blocked);
    const QString why = text(b.m.why_blocked(w));
    QVERIFY2(why.contains("mmap_lock") && why.contains("held for read by R1, R2"), qPrintable(why));
    QCOMPARE(text(s.threads[w].waiting_for), why);

    STEP(b, r1);  // up_read: one reader still inside
    QVERIFY(!b.m.can_run(w));
    QVERIFY2(text(b.m.why_blocked(w)).contains("held for read by R2"), qPrintable(text(b.m.why_blocked(w))));
    STEP(b, r2);  // the last reader leaves
    QVERIFY(b.m.can_run(w));
    QCOMPARE(b.state(w), thread_state::runnable);
    STEP(b, w);
    QCOMPARE(b.m.thread_of_task(b.cell(sem.owner)), w);
    QCOMPARE(str(b.last().op), QStringLiteral("down_write"));
    QCOMPARE(b.last().old_value, 0);
    STEP(b, w);
    QVERIFY(!b.m.any_runnable());
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::readerBlocksBehindWriterAndNamesIt() {
    bench b;
    rw_semaphore sem = make_rw_semaphore(b.m, b.obj, "mmap_lock");
    const thread_id w = b.thread("W", [sem]() mutable {
        down_write(sem);
        up_write(sem);
    });
    const thread_id r = b.thread("R", [sem]() mutable {
        down_read(sem);
        up_read(sem);
    });
    b.m.start();

    QVERIFY(b.m.can_run(r));
    STEP(b, w);
    QVERIFY(!b.m.can_run(r));
    QCOMPARE(b.state(r), thread_state::blocked);
    QCOMPARE(text(b.m.why_blocked(r)), QStringLiteral("waiting for mmap_lock, held by W"));
    STEP(b, w);  // up_write
    QVERIFY(b.m.can_run(r));
    QVERIFY(b.m.why_blocked(r).empty());
}

void tst_primitives::downgradeWriteLetsABlockedReaderIn() {
    bench b;
    rw_semaphore sem = make_rw_semaphore(b.m, b.obj, "sem");
    const thread_id w = b.thread("W", [sem]() mutable {
        down_write(sem);
        downgrade_write(sem);
        up_read(sem);
    });
    const thread_id r = b.thread("R", [sem]() mutable {
        down_read(sem);
        up_read(sem);
    });
    b.m.start();

    STEP(b, w);  // down_write
    QVERIFY(!b.m.can_run(r));
    STEP(b, w);  // downgrade_write: W keeps it for read, and readers may join
    QCOMPARE(b.cell(sem.owner), 0);
    QCOMPARE(b.cell(sem.readers), 1);
    QCOMPARE(list(b.m.make_snapshot().threads[w].locks_held), QStringList({"sem (read)"}));
    QVERIFY(b.m.can_run(r));
    STEP(b, r);
    QCOMPARE(b.cell(sem.readers), 2);
    STEP(b, w);  // up_read
    STEP(b, r);  // up_read
    QCOMPARE(b.cell(sem.readers), 0);
    QCOMPARE(b.cell(sem.reader_mask), 0);
    QVERIFY(!b.m.any_runnable());
    QVERIFY(b.m.verdicts_.empty());
}

// ---- rcuwait ----------------------------------------------------------------------------------------

namespace {
// A waiter that sleeps in rcuwait_wait_event() until flag != 0, and a waker that sets the flag
// and calls rcuwait_wake_up(), as vma_refcount_put() and __vma_enter_locked() do.
struct rcuwait_pair {
    int ret = -1;
    bench b;
    rcuwait w;
    shared<int> flag;
    thread_id waiter = no_thread, waker = no_thread;

    explicit rcuwait_pair(bool waker_wakes = true) {
        w.task.cell = b.m.add_field(b.obj, "wait.task", field_kind::pointer, 0);
        flag = b.field<int>("flag");
        waiter = b.thread("W", [this] {
            const std::int32_t cell = flag.cell;
            ret = rcuwait_wait_event(
                w, [this] { return READ_ONCE(flag) != 0; }, TASK_UNINTERRUPTIBLE,
                [cell] { return peek(cell) != 0; }, "flag != 0");
        });
        waker = b.thread("K", [this, waker_wakes] {
            WRITE_ONCE(flag, 1);
            if (waker_wakes) rcuwait_wake_up(w);
        });
        b.m.start();
    }
};
}  // namespace

void tst_primitives::rcuwaitWaiterSleepsUntilWokenUp() {
    rcuwait_pair p;
    bench& b = p.b;

    QVERIFY(b.advance_to(p.waiter, "schedule"));
    QCOMPARE(b.m.thread_of_task(b.cell(p.w.task.cell)), p.waiter);  // prepare_to_rcuwait published it
    QCOMPARE(b.cell(b.m.threads_[p.waiter].task.state), TASK_UNINTERRUPTIBLE);
    QVERIFY(!b.m.can_run(p.waiter));
    const snapshot s = b.m.make_snapshot();
    QCOMPARE(s.threads[p.waiter].state, thread_state::sleeping);
    QVERIFY(!s.threads[p.waiter].interruptible);
    QCOMPARE(text(s.threads[p.waiter].waiting_for), QStringLiteral("asleep, waiting until flag != 0"));

    STEP(b, p.waker);  // WRITE_ONCE(flag, 1): a store alone wakes nobody
    QVERIFY(!b.m.can_run(p.waiter));
    QVERIFY(b.advance_to(p.waker, "wake_up_process"));
    STEP(b, p.waker);
    QCOMPARE(b.last().woke, p.waiter);
    QVERIFY(!b.last().failed);
    QCOMPARE(b.last().old_value, TASK_UNINTERRUPTIBLE);
    QCOMPARE(b.last().new_value, TASK_RUNNING);
    QVERIFY(b.m.can_run(p.waiter));

    b.run(p.waiter);
    b.run(p.waker);
    QCOMPARE(b.state(p.waiter), thread_state::done);
    QCOMPARE(p.ret, 0);
    QCOMPARE(b.cell(p.w.task.cell), 0);  // finish_rcuwait cleared it
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::wakeBeforeScheduleIsNotLost() {
    rcuwait_pair p;
    bench& b = p.b;

    // The waiter has set TASK_UNINTERRUPTIBLE and found the condition false; before it
    // reaches schedule(), the waker sets the flag and wakes it.
    QVERIFY(b.advance_to(p.waiter, "schedule"));
    QCOMPARE(b.run(p.waker), 6);  // WRITE_ONCE, rcu_read_lock, smp_mb, rcu_dereference, wake_up_process, rcu_read_unlock
    QCOMPARE(b.state(p.waker), thread_state::done);

    // The wake put the task back to TASK_RUNNING, so schedule() returns at once.
    QVERIFY(b.m.can_run(p.waiter));
    QCOMPARE(b.state(p.waiter), thread_state::runnable);
    STEP(b, p.waiter);
    QCOMPARE(str(b.last().op), QStringLiteral("schedule"));
    b.run(p.waiter);
    QCOMPARE(b.state(p.waiter), thread_state::done);
    QCOMPARE(p.ret, 0);
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::rcuwaitNeverLosesAWakeupInAnyInterleaving() {
    rcuwait_pair p;
    std::vector<thread_id> prefix;
    int runs = 0;
    QStringList bad;
    each_interleaving(p.b.m, prefix, [&](const std::vector<thread_id>& choices) {
        ++runs;
        const bool all_done = p.b.m.threads_[p.waiter].finished && p.b.m.threads_[p.waker].finished;
        if (!all_done || !p.b.m.verdicts_.empty()) {
            QStringList order;
            for (thread_id t : choices) order << text(p.b.m.threads_[t].name);
            bad << order.join(' ');
        }
    });
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(" | ")));
    QVERIFY2(runs > 100, qPrintable(QString::number(runs)));  // the search really branched
}

// The classic mistake rcuwait_wait_event() avoids: test the condition, then announce the sleep.
// A wake that lands in between finds the task still TASK_RUNNING and does nothing.
void tst_primitives::checkingConditionBeforeSetCurrentStateLosesAWakeup() {
    bench b;
    rcuwait w;
    w.task.cell = b.m.add_field(b.obj, "wait.task", field_kind::pointer, 0);
    auto flag = b.field<int>("flag");
    const thread_id waiter = b.thread("W", [&w, flag] {
        prepare_to_rcuwait(w);
        if (READ_ONCE(flag) == 0) {
            set_current_state(TASK_UNINTERRUPTIBLE);
            const std::int32_t cell = flag.cell;
            sleeping_for([cell] { return peek(cell) != 0; }, "flag != 0");
            schedule();
            done_sleeping();
        }
        finish_rcuwait(w);
    });
    b.thread("K", [&w, flag]() mutable {
        WRITE_ONCE(flag, 1);
        rcuwait_wake_up(w);
    });
    b.m.start();

    std::vector<thread_id> prefix;
    int runs = 0, lost = 0;
    each_interleaving(b.m, prefix, [&](const std::vector<thread_id>&) {
        ++runs;
        for (const verdict& v : b.m.verdicts_)
            if (text(v.message).startsWith("lost wakeup: W") && v.threads == std::vector<thread_id>{waiter}) ++lost;
    });
    QVERIFY(lost > 0);
    QVERIFY(lost < runs);  // most interleavings are fine, which is why the bug hides
}

void tst_primitives::sleeperWithConditionTrueAndNobodyToWakeItIsALostWakeup() {
    rcuwait_pair p(/*waker_wakes=*/false);
    bench& b = p.b;

    QVERIFY(b.advance_to(p.waiter, "schedule"));
    QVERIFY(!b.m.can_run(p.waiter));  // asleep: schedule() does not return without a wake
    QVERIFY(b.m.verdicts_.empty());
    STEP(b, p.waker);  // sets the flag and forgets the wake; nobody can run any more

    QVERIFY(!b.m.any_runnable());
    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
    const verdict& v = b.m.verdicts_.front();
    QVERIFY2(text(v.message).startsWith("lost wakeup: W sleeps forever although flag != 0 already holds"),
             qPrintable(text(v.message)));
    QVERIFY(v.invariant != "deadlock");
    QCOMPARE(ids(v.threads), QList<int>({p.waiter}));
    QCOMPARE(v.step, b.m.steps);
    QCOMPARE(b.m.make_snapshot().verdicts.size(), std::size_t(1));
}

void tst_primitives::killDoesNotWakeAnUninterruptibleSleeper() {
    int ret = -1;
    bench b;
    rcuwait w;
    w.task.cell = b.m.add_field(b.obj, "wait.task", field_kind::pointer, 0);
    auto flag = b.field<int>("flag");
    const thread_id sleeper = b.thread("W", [&, flag]() mutable {
        const std::int32_t cell = flag.cell;
        ret = rcuwait_wait_event(w, [&] { return READ_ONCE(flag) != 0; }, TASK_UNINTERRUPTIBLE,
                                 [cell] { return peek(cell) != 0; }, "flag != 0");
    });
    task_struct* task = b.m.task_of(sleeper);
    const thread_id killer = b.thread("K", [task] { send_sig_kill(task); });
    b.m.start();

    QVERIFY(b.advance_to(sleeper, "schedule"));
    QCOMPARE(b.state(sleeper), thread_state::sleeping);
    STEP(b, killer);
    QCOMPARE(str(b.last().op), QStringLiteral("send_sig(SIGKILL)"));
    QCOMPARE(b.last().woke, no_thread);
    QCOMPARE(b.cell(b.m.threads_[sleeper].task.sigpending), 1);
    QVERIFY(!b.m.can_run(sleeper));
    QCOMPARE(b.state(sleeper), thread_state::sleeping);
    QCOMPARE(ret, -1);  // still inside rcuwait_wait_event
    // The condition is false, so this is no lost wakeup: the sleeper just never finishes.
    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
    QVERIFY(!text(b.m.verdicts_.front().message).contains("lost wakeup"));
    QCOMPARE(ids(b.m.verdicts_.front().threads), QList<int>({sleeper}));
}

// ---- RCU and slab -----------------------------------------------------------------------------------

void tst_primitives::rcuReadLockNestsAndShowsInSnapshot() {
    bool inside_seen = false;
    bench b;
    const thread_id t = b.thread("T", [&] {
        rcu_read_lock();
        rcu_read_lock();
        inside_seen = in_rcu_read_section();
        rcu_read_unlock();
        rcu_read_unlock();
    });
    b.m.start();
    const std::int32_t depth = b.m.threads_[t].task.rcu_depth;

    const std::vector<std::pair<value_t, bool>> expected = {{1, true}, {2, true}, {1, true}, {0, false}};
    QVERIFY(!b.m.make_snapshot().threads[t].in_rcu);
    for (const auto& [d, in_rcu] : expected) {
        STEP(b, t);
        QCOMPARE(b.cell(depth), d);
        QCOMPARE(b.m.make_snapshot().threads[t].in_rcu, in_rcu);
    }
    QVERIFY(inside_seen);
    QCOMPARE(str(b.m.events[0].op), QStringLiteral("rcu_read_lock"));
    QCOMPARE(str(b.m.events[3].op), QStringLiteral("rcu_read_unlock"));
    QCOMPARE(b.state(t), thread_state::done);
}

namespace {
// A slab cache of `n` objects with one field each; `live` of them start allocated.
struct slab_bench {
    bench b;
    kmem_cache cache;
    std::vector<std::int32_t> objects;
    std::vector<shared<int>> data;

    slab_bench(int n, int live, bool typesafe) {
        cache.name = "test_cachep";
        cache.typesafe_by_rcu = typesafe;
        const std::int32_t slab = b.m.add_object("slab", "kmem_cache");
        cache.frees = b.m.add_field(slab, "frees", field_kind::integer, 0);
        for (int i = 0; i < n; ++i) {
            const std::int32_t id = b.m.add_object(std::string(1, char('A' + i)), "test_object");
            data.push_back({b.m.add_field(id, "data", field_kind::integer, 10 + i)});
            b.m.meta(id).life_cell = b.m.add_field(id, "slab", field_kind::life, i < live ? 1 : 0);
            b.m.meta(id).typesafe_by_rcu = typesafe;
            cache.objects.push_back(id);
            objects.push_back(id);
        }
    }
};
}  // namespace

void tst_primitives::slabReusesMostRecentlyFreedObjectFirst() {
    std::vector<std::int32_t> got;
    slab_bench s(3, 2, false);  // A and B allocated, C never used
    bench& b = s.b;
    const thread_id t = b.thread("T", [&] {
        kmem_cache_free(s.cache, s.objects[0]);
        kmem_cache_free(s.cache, s.objects[1]);
        for (int i = 0; i < 4; ++i) got.push_back(kmem_cache_alloc(s.cache));
    });
    b.m.start();
    QCOMPARE(b.run(t), 6);

    // LIFO like SLUB's per-cpu freelist: B (freed last), then A, then the fresh C, then nothing.
    QCOMPARE(got, (std::vector<std::int32_t>{s.objects[1], s.objects[0], s.objects[2], 0}));
    QCOMPARE(str(b.m.events[2].op), QStringLiteral("kmem_cache_alloc"));
    QCOMPARE(b.m.events[2].cell, b.m.meta(s.objects[1]).life_cell);
    QVERIFY(b.m.events[2].old_value >= 2);  // freed
    QCOMPARE(b.m.events[2].new_value, 1);   // live again
    QCOMPARE(b.m.events[4].old_value, 0);   // never used before
    QVERIFY(b.m.events[5].failed);          // the pool is exhausted
    for (int i = 0; i < 3; ++i) QCOMPARE(b.cell(b.m.meta(s.objects[i]).life_cell), 1);
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::touchingFreedObjectIsUseAfterFree() {
    slab_bench s(1, 1, false);
    bench& b = s.b;
    const thread_id t = b.thread("T", [&] {
        rcu_read_lock();  // RCU does not protect an ordinary slab object
        kmem_cache_free(s.cache, s.objects[0]);
        READ_ONCE(s.data[0]);
        rcu_read_unlock();
    });
    b.m.start();
    STEP(b, t);
    STEP(b, t);  // free
    QVERIFY(b.m.verdicts_.empty());
    STEP(b, t);  // the read
    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
    const verdict& v = b.m.verdicts_.front();
    QCOMPARE(str(v.invariant), QStringLiteral("use-after-free"));
    QCOMPARE(ids(v.threads), QList<int>({t}));
    QCOMPARE(v.step, std::uint64_t(3));
    QVERIFY2(text(v.message).contains("T touches A.data after A was freed"), qPrintable(text(v.message)));
    b.run(t);
    QCOMPARE(b.state(t), thread_state::done);  // a use after free is reported, not fatal
}

void tst_primitives::typesafeByRcuObjectMayBeReadAfterFreeOnlyUnderRcu() {
    slab_bench s(1, 1, true);
    bench& b = s.b;
    const thread_id t = b.thread("T", [&] {
        rcu_read_lock();
        kmem_cache_free(s.cache, s.objects[0]);
        READ_ONCE(s.data[0]);  // still a valid object of this type under RCU
        rcu_read_unlock();
        READ_ONCE(s.data[0]);  // not any more
    });
    b.m.start();
    QVERIFY(b.advance_to(t, "rcu_read_unlock"));
    QCOMPARE(str(b.last().op), QStringLiteral("READ_ONCE"));
    QVERIFY(b.m.verdicts_.empty());
    STEP(b, t);
    STEP(b, t);
    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
    QCOMPARE(str(b.m.verdicts_.front().invariant), QStringLiteral("use-after-free"));
    QVERIFY2(text(b.m.verdicts_.front().message).contains("outside an RCU read section"),
             qPrintable(text(b.m.verdicts_.front().message)));
}

void tst_primitives::doubleFreeIsABug() {
    bool after = false;
    slab_bench s(1, 1, false);
    bench& b = s.b;
    const thread_id t = b.thread("T", [&] {
        kmem_cache_free(s.cache, s.objects[0]);
        kmem_cache_free(s.cache, s.objects[0]);
        after = true;
    });
    b.m.start();
    STEP(b, t);
    STEP(b, t);
    QVERIFY(!after);
    QCOMPARE(b.state(t), thread_state::killed);
    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
    QCOMPARE(str(b.m.verdicts_.front().invariant), QStringLiteral("VM_BUG_ON"));
    QVERIFY(b.last().failed);
}

// ---- mutex and signals --------------------------------------------------------------------------

void tst_primitives::mutexLockBlocksWhileHeldAndUnlockLetsWaiterIn() {
    bench b;
    mutex mx = make_mutex(b.m, b.obj, "proc->inner_lock");
    auto x = b.field<int>("x");
    const thread_id t1 = b.thread("T1", [mx, x]() mutable {
        mutex_lock(mx);
        WRITE_ONCE(x, 1);
        mutex_unlock(mx);
    });
    const thread_id t2 = b.thread("T2", [mx, x]() mutable {
        mutex_lock(mx);
        WRITE_ONCE(x, 2);
        mutex_unlock(mx);
    });
    b.m.start();

    STEP(b, t1);
    QCOMPARE(str(b.last().op), QStringLiteral("mutex_lock"));
    QCOMPARE(b.last().cell, mx.owner);
    QCOMPARE(b.m.thread_of_task(b.last().new_value), t1);
    snapshot s = b.m.make_snapshot();
    QCOMPARE(list(s.threads[t1].locks_held), QStringList({"proc->inner_lock"}));
    QVERIFY(s.threads[t2].locks_held.empty());
    QCOMPARE(s.threads[t2].state, thread_state::blocked);
    QCOMPARE(text(s.threads[t2].waiting_for), QStringLiteral("waiting for proc->inner_lock, held by T1"));
    QVERIFY(!b.m.can_run(t2));

    STEP(b, t1);  // WRITE_ONCE while holding it
    QVERIFY(!b.m.can_run(t2));
    STEP(b, t1);  // mutex_unlock
    QCOMPARE(b.cell(mx.owner), 0);
    QVERIFY(b.m.can_run(t2));
    STEP(b, t2);
    QCOMPARE(list(b.m.make_snapshot().threads[t2].locks_held), QStringList({"proc->inner_lock"}));
    b.run(t2);
    QCOMPARE(b.cell(x.cell), 2);
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::mutexLockInterruptibleGivesUpOnSigkill() {
    int ret = 1;
    bench b;
    mutex mx = make_mutex(b.m, b.obj, "lock");
    auto x = b.field<int>("x");
    const thread_id holder = b.thread("T1", [mx, x]() mutable {
        mutex_lock(mx);
        WRITE_ONCE(x, 1);
        mutex_unlock(mx);
    });
    const thread_id waiter = b.thread("T2", [&, mx]() mutable {
        ret = mutex_lock_interruptible(mx);
        if (ret == 0) mutex_unlock(mx);
    });
    task_struct* task = b.m.task_of(waiter);
    const thread_id killer = b.thread("K", [task] { send_sig_kill(task); });
    b.m.start();

    STEP(b, holder);
    QVERIFY(!b.m.can_run(waiter));
    STEP(b, killer);
    QCOMPARE(b.last().cell, b.m.threads_[waiter].task.sigpending);
    QVERIFY(b.m.can_run(waiter));  // a fatal signal ends the interruptible wait
    STEP(b, waiter);
    QCOMPARE(ret, -EINTR);
    QCOMPARE(str(b.last().op), QStringLiteral("mutex_lock_interruptible"));
    QVERIFY(b.last().failed);
    QCOMPARE(b.m.thread_of_task(b.cell(mx.owner)), holder);
    QCOMPARE(b.state(waiter), thread_state::killed);
    b.run(holder);
    QCOMPARE(b.state(holder), thread_state::done);
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::mutexLockInterruptibleTakesFreeMutexDespiteSignal() {
    int ret = 1;
    bench b;
    mutex mx = make_mutex(b.m, b.obj, "lock");
    const thread_id t = b.thread("T", [&, mx]() mutable {
        ret = mutex_lock_interruptible(mx);
        if (ret == 0) mutex_unlock(mx);
    });
    task_struct* task = b.m.task_of(t);
    const thread_id killer = b.thread("K", [task] { send_sig_kill(task); });
    b.m.start();

    STEP(b, killer);
    STEP(b, t);
    QCOMPARE(ret, 0);  // the fast path does not look at signals
    QVERIFY(!b.last().failed);
    QCOMPARE(b.m.thread_of_task(b.cell(mx.owner)), t);
    STEP(b, t);
    QCOMPARE(b.cell(mx.owner), 0);
}

// ---- wait queues --------------------------------------------------------------------------------

namespace {
struct wait_queue_pair {
    int ret = 1;
    bench b;
    wait_queue_head wq;
    shared<int> todo;
    thread_id waiter = no_thread;

    wait_queue_pair() {
        wq = make_wait_queue(b.m, b.obj, "proc->wait");
        todo = b.field<int>("todo");
        waiter = b.thread("L", [this] {
            const std::int32_t cell = todo.cell;
            ret = wait_event_interruptible(wq, [this] { return READ_ONCE(todo) != 0; },
                                           [cell] { return peek(cell) != 0; }, "todo != 0");
        });
    }
};
}  // namespace

void tst_primitives::waitEventInterruptibleSleepsUntilWokenAfterCondition() {
    wait_queue_pair p;
    bench& b = p.b;
    const thread_id waker = b.thread("S", [&p]() mutable {
        WRITE_ONCE(p.todo, 1);
        wake_up_interruptible(p.wq);
    });
    b.m.start();

    QVERIFY(b.advance_to(p.waiter, "schedule"));
    QCOMPARE(b.cell(p.wq.waiters), value_t{1} << p.waiter);  // queued
    const snapshot s = b.m.make_snapshot();
    QCOMPARE(s.threads[p.waiter].state, thread_state::sleeping);
    QVERIFY(s.threads[p.waiter].interruptible);
    QVERIFY(!b.m.can_run(p.waiter));

    STEP(b, waker);  // the condition is set: still asleep until the wake
    QVERIFY(!b.m.can_run(p.waiter));
    STEP(b, waker);
    QCOMPARE(str(b.last().op), QStringLiteral("wake_up_interruptible"));
    QCOMPARE(b.last().woke, p.waiter);
    QCOMPARE(b.cell(p.wq.waiters), 0);  // autoremove_wake_function took it off the queue
    QVERIFY(b.m.can_run(p.waiter));

    b.run(p.waiter);
    QCOMPARE(p.ret, 0);
    QCOMPARE(b.state(p.waiter), thread_state::done);
    QCOMPARE(str(b.m.events.back().op), QStringLiteral("finish_wait"));
    QVERIFY(b.m.verdicts_.empty());
}

void tst_primitives::sigkillWakesInterruptibleSleeperWithErestartsys() {
    wait_queue_pair p;
    bench& b = p.b;
    task_struct* task = b.m.task_of(p.waiter);
    const thread_id killer = b.thread("K", [task] { send_sig_kill(task); });
    b.m.start();

    QVERIFY(b.advance_to(p.waiter, "schedule"));
    QVERIFY(!b.m.can_run(p.waiter));
    STEP(b, killer);
    QCOMPARE(b.last().woke, p.waiter);
    QVERIFY(b.m.can_run(p.waiter));

    b.run(p.waiter);
    QCOMPARE(p.ret, -ERESTARTSYS);
    QCOMPARE(b.cell(p.wq.waiters), 0);  // prepare_to_wait_event took it off the queue
    QCOMPARE(b.state(p.waiter), thread_state::killed);
    QCOMPARE(b.cell(p.todo.cell), 0);  // it gave up; the condition never held
    QVERIFY(b.m.verdicts_.empty());
}

// ---- checker --------------------------------------------------------------------------------------

namespace {
struct two_mutexes {
    bench b;
    mutex a, c;
    thread_id t1 = no_thread, t2 = no_thread;

    explicit two_mutexes(bool opposite) {
        a = make_mutex(b.m, b.obj, "a");
        c = make_mutex(b.m, b.obj, "b");
        auto take = [](mutex& first, mutex& second) {
            mutex_lock(first);
            mutex_lock(second);
            mutex_unlock(second);
            mutex_unlock(first);
        };
        t1 = b.thread("T1", [this, take] { take(a, c); });
        t2 = b.thread("T2", [this, take, opposite] { opposite ? take(c, a) : take(a, c); });
        b.m.start();
    }
};
}  // namespace

void tst_primitives::oppositeLockOrderIsReportedAsDeadlockWithCycle() {
    two_mutexes d(true);
    bench& b = d.b;
    STEP(b, d.t1);  // T1 holds a
    STEP(b, d.t2);  // T2 holds b
    QVERIFY(!b.m.any_runnable());

    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
    const verdict& v = b.m.verdicts_.front();
    QCOMPARE(str(v.invariant), QStringLiteral("deadlock"));
    QCOMPARE(ids(v.threads), QList<int>({d.t1, d.t2}));
    QCOMPARE(ids(v.cycle), QList<int>({d.t1, d.t2, d.t1}));
    QCOMPARE(v.step, std::uint64_t(2));
    QVERIFY2(text(v.message).contains("T1 -> T2 -> T1"), qPrintable(text(v.message)));
    const snapshot s = b.m.make_snapshot();
    QVERIFY(s.finished);
    QCOMPARE(s.threads[d.t1].state, thread_state::blocked);
    QCOMPARE(text(s.threads[d.t1].waiting_for), QStringLiteral("waiting for b, held by T2"));
    QCOMPARE(text(s.threads[d.t2].waiting_for), QStringLiteral("waiting for a, held by T1"));
}

void tst_primitives::sameLockOrderNeverDeadlocks() {
    two_mutexes d(false);
    std::vector<thread_id> prefix;
    int runs = 0;
    QStringList bad;
    each_interleaving(d.b.m, prefix, [&](const std::vector<thread_id>&) {
        ++runs;
        for (const verdict& v : d.b.m.verdicts_) bad << text(v.message);
        if (!d.b.m.threads_[d.t1].finished || !d.b.m.threads_[d.t2].finished) bad << "unfinished";
    });
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(" | ")));
    QVERIFY(runs > 1);
}

void tst_primitives::vmBugOnKillsTheThreadWithAVerdict() {
    bool after = false;
    bench b;
    auto x = b.field<int>("x");
    const thread_id t = b.thread("T", [&, x]() mutable {
        frame f("vma_mark_detached");
        WRITE_ONCE(x, 1);
        VM_BUG_ON(READ_ONCE(x) == 1, "x == 1");
        after = true;
        WRITE_ONCE(x, 2);
    });
    const thread_id other = b.thread("U", [x]() mutable { READ_ONCE(x); });
    b.m.start();

    STEP(b, t);
    STEP(b, t);  // the READ_ONCE inside the assertion; the oops follows within this step
    QVERIFY(!after);
    QVERIFY(!b.m.can_run(t));
    QCOMPARE(b.state(t), thread_state::killed);
    QCOMPARE(text(b.m.why_blocked(t)), QStringLiteral("it died in BUG()"));
    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
    const verdict& v = b.m.verdicts_.front();
    QCOMPARE(str(v.invariant), QStringLiteral("VM_BUG_ON"));
    QCOMPARE(ids(v.threads), QList<int>({t}));
    QCOMPARE(v.step, std::uint64_t(2));
    QVERIFY2(text(v.message).contains("T hits VM_BUG_ON(x == 1) in vma_mark_detached"), qPrintable(text(v.message)));
    QCOMPARE(b.cell(x.cell), 1);
    // The run goes on without it.
    QVERIFY(b.m.can_run(other));
    STEP(b, other);
    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
}

void tst_primitives::warnOnOnceRecordsAVerdictAndGoesOn() {
    bench b;
    auto x = b.field<int>("x");
    const thread_id t = b.thread("T", [x]() mutable {
        WARN_ON_ONCE(READ_ONCE(x) == 0, "x == 0");
        WRITE_ONCE(x, 2);
    });
    b.m.start();
    STEP(b, t);
    QCOMPARE(b.m.verdicts_.size(), std::size_t(1));
    QCOMPARE(str(b.m.verdicts_.front().invariant), QStringLiteral("WARN_ON_ONCE"));
    STEP(b, t);
    QCOMPARE(b.state(t), thread_state::done);
    QCOMPARE(b.cell(x.cell), 2);
}

QTEST_APPLESS_MAIN(tst_primitives)
#include "tst_primitives.moc"
