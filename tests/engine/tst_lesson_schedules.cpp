// The catalogue's lesson schedules (../shared/content/kernel-locks.md, lessons 1 to 7) played
// step by step: each reproduces the values and outcomes the catalogue states, in the variant
// that shows the point and in the one that does not break.
#include <lockstep/engine.hpp>
#include <lockstep/schedule.hpp>

#include <QtTest>

#include <map>

using namespace lockstep;

namespace {

engine make(const char* scenario, const char* variant, int readers = 0) {
    run_config cfg;
    cfg.scenario = scenario;
    cfg.variant = variant;
    cfg.readers = readers;
    return engine(cfg);
}

thread_id T(const engine& e, const char* name) {
    const thread_id t = e.thread_by_name(name);
    if (t == no_thread) qFatal("no thread %s", name);
    return t;
}

value_t refcnt(const engine& e, const char* vma = "vma") { return e.take_snapshot().value(vma, "vm_refcnt"); }
value_t O(const engine& e) { return first_field_of_kind(*e.shape(), field_kind::refcnt_word)->offset; }

// Pointer fields hold object ids (1-based positions in the layout).
value_t object_id(const engine& e, const std::string& name) {
    const auto& objects = e.shape()->objects;
    for (std::size_t i = 0; i < objects.size(); ++i)
        if (objects[i].name == name) return static_cast<value_t>(i + 1);
    return 0;
}

thread_state state(const engine& e, const char* name) { return e.take_snapshot().threads.at(T(e, name)).state; }

bool has_verdict(const engine& e, const std::string& invariant) {
    for (const auto& v : e.verdicts())
        if (v.invariant == invariant) return true;
    return false;
}

// How many wake_up_process() calls woke somebody since event `from`.
int wakeups_since(const engine& e, std::size_t from) {
    int n = 0;
    for (std::size_t i = from; i < e.events().size(); ++i)
        if (e.events()[i].woke != no_thread) ++n;
    return n;
}

void run_to_end(engine& e, thread_id t) {
    while (e.can_run(t)) e.step(t);
}

}  // namespace

class LessonSchedules : public QObject {
    Q_OBJECT

private slots:
    // Lesson 1: R1 and R2 hold the vma (3), W adds the writer bit and sleeps (OFFSET+3); R1's put
    // leaves OFFSET+2 and does not wake W in the final code, R2's put leaves OFFSET+1 and wakes it.
    void drainWakesTheWriterOnlyAtTheLastReaderInFinal() {
        engine e = make("vma-drain", "final");
        step_until(e, T(e, "R1"), "use");
        step_until(e, T(e, "R2"), "use");
        QCOMPARE(refcnt(e), 3);
        step_until(e, T(e, "W"), "schedule");  // W is now in schedule(), waiting for a wake
        QCOMPARE(state(e, "W"), thread_state::sleeping);
        QCOMPARE(refcnt(e), O(e) + 3);

        const std::size_t before_r1 = e.events().size();
        run_to_end(e, T(e, "R1"));
        QCOMPARE(refcnt(e), O(e) + 2);
        QCOMPARE(wakeups_since(e, before_r1), 0);
        QCOMPARE(state(e, "W"), thread_state::sleeping);

        const std::size_t before_r2 = e.events().size();
        run_to_end(e, T(e, "R2"));
        QCOMPARE(refcnt(e), O(e) + 1);
        QCOMPARE(wakeups_since(e, before_r2), 1);
        QCOMPARE(state(e, "W"), thread_state::runnable);

        // A third reader now fails the limit check and falls back to mmap_lock, held by W.
        step_until(e, T(e, "R3"), "start_read.increment");
        e.step(T(e, "R3"));
        QVERIFY(e.events().back().failed);
        QCOMPARE(refcnt(e), O(e) + 1);
        step_until(e, T(e, "R3"), "mmap_read_lock");
        // down_read finds W holding mmap_lock: R3 joins the wait list (a step), then blocks.
        e.step(T(e, "R3"));
        QCOMPARE(QString(e.events().back().op), QStringLiteral("down_read"));
        QCOMPARE(e.take_snapshot().value("mm", "mmap_lock.wait_list"),
                 encode_task_queue({{T(e, "R3"), false}}));
        QVERIFY(!e.can_run(T(e, "R3")));
        QCOMPARE(state(e, "R3"), thread_state::blocked);
        QVERIFY(QString::fromStdString(e.why_not(T(e, "R3"))).contains("mmap_lock"));
        QVERIFY(e.verdicts().empty());
    }

    // The rw_semaphore era (v6.13/v6.14): once W queues on vm_lock behind R1 and R2, the
    // semaphore has waiters, so R3's down_read_trylock fails (RWSEM_FLAG_WAITERS is in
    // RWSEM_READ_FAILED_MASK) and R3 falls back to mmap_lock, which W holds for write.
    void rwsemTurnsAThirdReaderAwayWhileTheWriterWaits() {
        engine e = make("vma-drain", "rwsem");
        step_until(e, T(e, "R1"), "use");
        step_until(e, T(e, "R2"), "use");
        QCOMPARE(e.take_snapshot().value("vma", "vm_lock.readers"), 2);
        step_until(e, T(e, "W"), "start_write.down_write");
        e.step(T(e, "W"));
        QCOMPARE(QString(e.events().back().op), QStringLiteral("down_write"));
        QCOMPARE(e.take_snapshot().value("vma", "vm_lock.wait_list"), encode_task_queue({{T(e, "W"), true}}));
        QCOMPARE(state(e, "W"), thread_state::blocked);
        QCOMPARE(e.take_snapshot().value("vma", "vm_lock.owner"), 0);  // nobody holds it for write

        step_until(e, T(e, "R3"), "start_read.trylock");
        e.step(T(e, "R3"));
        QCOMPARE(QString(e.events().back().op), QStringLiteral("down_read_trylock"));
        QVERIFY(e.events().back().failed);
        QCOMPARE(e.take_snapshot().value("vma", "vm_lock.readers"), 2);
        step_until(e, T(e, "R3"), "mmap_read_lock");
        e.step(T(e, "R3"));
        QCOMPARE(state(e, "R3"), thread_state::blocked);
        QVERIFY(QString::fromStdString(e.why_not(T(e, "R3"))).contains("mmap_lock, held by W"));

        // The last reader out wakes W, which takes vm_lock on its retry.
        run_to_end(e, T(e, "R1"));
        QCOMPARE(state(e, "W"), thread_state::blocked);
        run_to_end(e, T(e, "R2"));
        QCOMPARE(state(e, "W"), thread_state::runnable);
        e.step(T(e, "W"));  // schedule() returns
        e.step(T(e, "W"));
        QCOMPARE(QString(e.events().back().op), QStringLiteral("rwsem_down_write_slowpath"));
        QCOMPARE(e.take_snapshot().value("vma", "vm_lock.owner"), object_id(e, "W"));
        run_round_robin(e, 1000);
        QVERIFY(e.verdicts().empty());
    }

    // Every access carries the ordering the kernel writes (audit-vma.md 6.6), ready for the
    // weak memory model: checked on the events of whole runs.
    void orderingsAreTheKernels() {
        auto orderings = [](const char* scenario, const char* variant) {
            engine e = make(scenario, variant, std::string(scenario) == "vma-slab-reuse" ? 0 : 2);
            run_round_robin(e, 10000);
            std::multimap<std::string, std::string> seen;  // "op" -> ordering, "op failed" for failures
            for (const lockstep::event& ev : e.events())
                seen.emplace(std::string(ev.op) + (ev.failed ? " failed" : ""), ev.ordering);
            return seen;
        };
        auto only = [](const std::multimap<std::string, std::string>& seen, const std::string& op) {
            QSet<QString> kinds;
            auto [from, to] = seen.equal_range(op);
            for (auto it = from; it != to; ++it) kinds << QString::fromStdString(it->second);
            return kinds;
        };
        using set = QSet<QString>;

        const auto final_drain = orderings("vma-drain", "final");
        QCOMPARE(only(final_drain, "sequence++"), set{"plain"});  // the seqcount's ++ is a plain increment
        QCOMPARE(only(final_drain, "smp_wmb"), set{"wmb"});
        QCOMPARE(only(final_drain, "raw_read_seqcount"), set{"acquire"});
        QCOMPARE(only(final_drain, "READ_ONCE"), set{"once"});
        QCOMPARE(only(final_drain, "rcu_dereference"), set{"dependency"});
        QCOMPARE(only(final_drain, "__refcount_inc_not_zero_limited_acquire"), set{"acquire"});
        {
            // An increment that fails is only a read: no acquire.
            engine e = make("vma-drain", "final");
            step_until(e, T(e, "R1"), "use");
            step_until(e, T(e, "W"), "schedule");
            step_until(e, T(e, "R2"), "start_read.increment");
            e.step(T(e, "R2"));
            QVERIFY(e.events().back().failed);
            QCOMPARE(QString(e.events().back().ordering), QStringLiteral("relaxed"));
        }
        QCOMPARE(only(final_drain, "__refcount_dec_and_test"), set{"release"});
        QCOMPARE(only(final_drain, "refcount_add_not_zero"), set{"relaxed"});
        QCOMPARE(only(final_drain, "smp_mb"), set{"full"});  // rcuwait_wake_up's barrier B

        const auto final_unmap = orderings("vma-slab-reuse", "final");
        QCOMPARE(only(final_unmap, "refcount_set_release"), set{"release"});  // vma_mark_attached
        QCOMPARE(only(final_unmap, "rcu_assign_pointer").contains("release"), true);  // the tree
        // vma_mark_detached's put reaches 0: release, then acquire by the control dependency.
        QCOMPARE(only(final_unmap, "refcount_dec_and_test"), set{"release+ctrl_dep_acquire"});

        const auto v7 = orderings("vma-slab-reuse", "v7");
        QCOMPARE(only(v7, "refcount_set"), set{"relaxed"});  // v7 attached with a relaxed set
        QVERIFY(only(v7, "refcount_set_release").isEmpty());
        for (const char* variant : {"v7", "L2", "L3"}) {
            const auto seen = orderings("vma-drain", variant);
            QCOMPARE(only(seen, "__refcount_inc_not_zero_limited"), set{"relaxed"});
            QVERIFY(only(seen, "__refcount_inc_not_zero_limited_acquire").isEmpty());
        }
        const auto unlimited = orderings("vma-drain", "unlimited");
        QCOMPARE(only(unlimited, "__refcount_inc_not_zero_acquire"), set{"acquire"});

        // Before v6.13 mm_lock_seq was no seqcount: v6.5-v6.12 raised it with a release store,
        // v6.4 with WRITE_ONCE, and the recheck read it with smp_load_acquire / READ_ONCE.
        const auto v64 = orderings("vma-drain", "rwsem-v6.4");
        QVERIFY(only(v64, "sequence++").isEmpty());
        QCOMPARE(only(v64, "WRITE_ONCE").contains("once"), true);
        QVERIFY(only(v64, "smp_store_release").isEmpty());
        QCOMPARE(only(v64, "READ_ONCE"), set{"once"});
    }

    // In v7 the writer holds a reference of its own (so it waits for OFFSET+2 from OFFSET+4) and every
    // put while the bit is set wakes it: R1's put wakes W, which finds OFFSET+3 and sleeps again.
    void drainWakesTheWriterOnEveryPutInV7() {
        engine e = make("vma-drain", "v7");
        step_until(e, T(e, "R1"), "use");
        step_until(e, T(e, "R2"), "use");
        QCOMPARE(refcnt(e), 3);
        step_until(e, T(e, "W"), "schedule");
        QCOMPARE(refcnt(e), O(e) + 4);

        const std::size_t before_r1 = e.events().size();
        run_to_end(e, T(e, "R1"));
        QCOMPARE(refcnt(e), O(e) + 3);
        QCOMPARE(wakeups_since(e, before_r1), 1);
        e.step(T(e, "W"));                     // woken: schedule() returns
        step_until(e, T(e, "W"), "schedule");  // rechecks OFFSET+3 != OFFSET+2 and sleeps again
        QCOMPARE(state(e, "W"), thread_state::sleeping);

        const std::size_t before_r2 = e.events().size();
        run_to_end(e, T(e, "R2"));
        QCOMPARE(refcnt(e), O(e) + 2);
        QCOMPARE(wakeups_since(e, before_r2), 1);
        QCOMPARE(state(e, "W"), thread_state::runnable);
    }

    // Lesson 2: R1 has passed its first check when W write-locks the vma and drops the bit;
    // R1's increment succeeds (2) but the vm_lock_seq recheck sends it back.
    void lockSeqRecheckCatchesAReaderThatIncrementedAfterTheWriter_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("breaks");
        QTest::newRow("final") << "final" << false;
        QTest::newRow("no-recheck") << "no-recheck" << true;
    }
    void lockSeqRecheckCatchesAReaderThatIncrementedAfterTheWriter() {
        QFETCH(QString, variant);
        QFETCH(bool, breaks);
        engine e = make("vma-lock-seq-recheck", variant.toUtf8().constData());
        step_until(e, T(e, "R1"), "start_read.increment");
        step_until(e, T(e, "W"), "modify");
        QCOMPARE(refcnt(e), 1);  // the writer lock outlives the writer bit
        e.step(T(e, "R1"));
        QCOMPARE(refcnt(e), 2);
        step_until(e, T(e, "R1"), breaks ? "use" : "put.decrement");
        QCOMPARE(has_verdict(e, "V1"), breaks);
        if (!breaks) {
            e.step(T(e, "R1"));
            QCOMPARE(refcnt(e), 1);
        }
    }

    // Lesson 3: W has seen OFFSET+1 but not yet written vm_lock_seq; a reader that ignores the
    // writer bit counts to OFFSET+2, passes the recheck, and is inside with the writer (V1).
    void writerBitMustBlockReaders_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("breaks");
        QTest::newRow("final") << "final" << false;
        QTest::newRow("unlimited") << "unlimited" << true;
    }
    void writerBitMustBlockReaders() {
        QFETCH(QString, variant);
        QFETCH(bool, breaks);
        engine e = make("vma-writer-bit", variant.toUtf8().constData());
        step_until(e, T(e, "W"), "start_write.lock_seq");
        QCOMPARE(refcnt(e), O(e) + 1);
        step_until(e, T(e, "R1"), "start_read.increment");
        e.step(T(e, "R1"));
        QCOMPARE(refcnt(e), breaks ? O(e) + 2 : O(e) + 1);
        step_until(e, T(e, "R1"), breaks ? "use" : "mmap_read_lock");
        QCOMPARE(has_verdict(e, "V1"), breaks);
    }

    // Lesson 4: R1 passes step 1; W write-locks; R1 increments to 2; W detaches: 1, then
    // inc+add to OFFSET+2 and sleeps for OFFSET+1; R1 fails its recheck and puts to OFFSET+1. Under L1 that
    // put does not wake W, which sleeps forever holding mmap_lock (V7).
    void detachLosesTheWakeupUnderL1_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("breaks");
        QTest::newRow("v7") << "v7" << false;
        QTest::newRow("L1") << "L1" << true;
        QTest::newRow("L1-repaired") << "L1-repaired" << false;
    }
    void detachLosesTheWakeupUnderL1() {
        QFETCH(QString, variant);
        QFETCH(bool, breaks);
        engine e = make("vma-detach-lost-wakeup", variant.toUtf8().constData());
        step_until(e, T(e, "R1"), "start_read.increment");
        step_until(e, T(e, "W"), "detach.decrement");  // W has write-locked the vma
        e.step(T(e, "R1"));
        QCOMPARE(refcnt(e), 2);
        e.step(T(e, "W"));
        QCOMPARE(refcnt(e), 1);
        step_until(e, T(e, "W"), "schedule");
        QCOMPARE(refcnt(e), O(e) + 2);
        QCOMPARE(state(e, "W"), thread_state::sleeping);
        step_until(e, T(e, "R1"), "put.decrement");
        const std::size_t before = e.events().size();
        e.step(T(e, "R1"));
        QCOMPARE(refcnt(e), O(e) + 1);
        run_to_end(e, T(e, "R1"));
        QCOMPARE(wakeups_since(e, before), breaks ? 0 : 1);
        run_round_robin(e, 1000);
        QCOMPARE(has_verdict(e, "V7"), breaks);
        QCOMPARE(e.finished(), true);
        QCOMPARE(state(e, "W"), breaks ? thread_state::sleeping : thread_state::done);
    }

    // Lesson 5: seven readers on the scaled word reach 8 = O, which reads as the writer bit;
    // W's addition of O overflows the 5-bit word and saturates; W waits forever (V2, V7).
    void overflowWithoutALimitSaturatesTheCounter() {
        engine e = make("vma-overflow", "unlimited");
        QCOMPARE(O(e), 8);
        for (int i = 1; i <= 7; ++i) step_until(e, T(e, ("R" + std::to_string(i)).c_str()), "use");
        QCOMPARE(refcnt(e), 8);
        QVERIFY(has_verdict(e, "V2"));  // seven readers, more than VMA_REF_LIMIT - 1
        QVERIFY(has_verdict(e, "V3"));  // the bit is set and no writer set it
        step_until(e, T(e, "W"), "enter_locked.add_offset");
        e.step(T(e, "W"));
        // The addition wraps the 5-bit word to INT_MIN first, visible for one step ...
        QCOMPARE(refcnt(e), -16);
        QVERIFY(!has_verdict(e, "WARN_ON_ONCE"));
        e.step(T(e, "W"));
        // ... then refcount_warn_saturate() stores REFCOUNT_SATURATED and warns.
        QCOMPARE(QString(e.events().back().op), QStringLiteral("refcount_warn_saturate"));
        QCOMPARE(refcnt(e), -8);
        QVERIFY(has_verdict(e, "WARN_ON_ONCE"));
        run_round_robin(e, 10000);
        QCOMPARE(state(e, "W"), thread_state::sleeping);
        QVERIFY(has_verdict(e, "V7"));
    }

    void overflowIsRefusedByTheLimitInFinal() {
        engine e = make("vma-overflow", "final");
        for (int i = 1; i <= 6; ++i) step_until(e, T(e, ("R" + std::to_string(i)).c_str()), "use");
        QCOMPARE(refcnt(e), 7);  // VMA_REF_LIMIT = O - 1
        step_until(e, T(e, "R7"), "start_read.increment");
        e.step(T(e, "R7"));
        QVERIFY(e.events().back().failed);
        run_round_robin(e, 10000);
        QVERIFY(e.verdicts().empty());
    }

    // Lesson 6: U detaches the vma between R1's tree walk and its increment. inc_not_zero sees
    // 0 and the lookup retries (EAGAIN); a plain increment from 0 brings the vma back (V4).
    void detachedVmaIsNotResurrected_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("breaks");
        QTest::newRow("final") << "final" << false;
        QTest::newRow("plain-inc") << "plain-inc" << true;
    }
    void detachedVmaIsNotResurrected() {
        QFETCH(QString, variant);
        QFETCH(bool, breaks);
        engine e = make("vma-eagain", variant.toUtf8().constData());
        step_until(e, T(e, "R1"), "start_read.check");
        run_to_end(e, T(e, "U"));
        QCOMPARE(refcnt(e), 0);
        step_until(e, T(e, "R1"), "start_read.increment");
        e.step(T(e, "R1"));
        QCOMPARE(refcnt(e), breaks ? 1 : 0);
        QCOMPARE(has_verdict(e, "V4"), breaks);
        if (!breaks) {
            // EAGAIN: v6.18 leaves RCU, re-enters it at retry: and walks again; U has cleared
            // the tree by now, so the walk finds nothing.
            QCOMPARE(QString(e.events().back().op), QStringLiteral("__refcount_inc_not_zero_limited_acquire"));
            step_until(e, T(e, "R1"), "lock_vma.walk");
            e.step(T(e, "R1"));
            QCOMPARE(e.events().back().new_value, 0);
            run_round_robin(e, 1000);
            QVERIFY(e.verdicts().empty());
        }
    }

    // The kernel detaches the vma before it takes it out of the tree (vms_gather_munmap_vmas,
    // then vma_iter_clear_gfp), so a reader that gets EAGAIN can walk the tree and find the
    // same detached vma again. It is still write-locked, so the early check sends the reader
    // to mmap_lock, where it queues behind the unmapper.
    void eagainRewalkCanFindTheSameDetachedVma() {
        engine e = make("vma-eagain", "final");
        step_until(e, T(e, "R1"), "start_read.increment");
        step_until(e, T(e, "U"), "munmap.remove");  // detached, still in the tree
        QCOMPARE(refcnt(e), 0);
        e.step(T(e, "R1"));
        QVERIFY(e.events().back().failed);
        step_until(e, T(e, "R1"), "lock_vma.walk");
        e.step(T(e, "R1"));
        QCOMPARE(e.events().back().new_value, object_id(e, "vma"));  // the same vma
        step_until(e, T(e, "R1"), "mmap_read_lock");
        e.step(T(e, "R1"));
        QCOMPARE(state(e, "R1"), thread_state::blocked);
        run_round_robin(e, 1000);
        QVERIFY(e.verdicts().empty());
    }

    // Lesson 7: A1 finds V; A2 unmaps and frees it; B1 reuses V in mm B; A1's increment
    // succeeds on B's vma; B1's munmap adds O; A1 (v6.15) reads mm = B and decrements; B1
    // sees its target, finishes and frees mm B; A1's wake then touches the freed mm (V6).
    void slabReuseLetsAStrayReaderTouchAFreedMm_data() {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<bool>("breaks");
        QTest::newRow("final") << "final" << false;
        QTest::newRow("v6.15") << "v6.15" << true;
    }
    void slabReuseLetsAStrayReaderTouchAFreedMm() {
        QFETCH(QString, variant);
        QFETCH(bool, breaks);
        engine e = make("vma-slab-reuse", variant.toUtf8().constData());
        step_until(e, T(e, "A1"), "start_read.check");
        run_to_end(e, T(e, "A2"));
        QCOMPARE(e.take_snapshot().value("V", "slab"), 2);  // freed
        step_until(e, T(e, "B1"), "mmap_write_lock");
        e.step(T(e, "B1"));
        step_until(e, T(e, "B1"), "mmap_write_lock");  // B1 mapped V and starts its munmap
        QCOMPARE(e.take_snapshot().value("V", "slab"), 1);  // reused
        QCOMPARE(e.take_snapshot().value("V", "vm_mm"), object_id(e, "mm B"));
        step_until(e, T(e, "A1"), "start_read.increment");
        e.step(T(e, "A1"));
        QCOMPARE(refcnt(e, "V"), 2);  // A1 holds a count on mm B's vma
        step_until(e, T(e, "B1"), "enter_locked.wait");
        QCOMPARE(refcnt(e, "V"), O(e) + 2);
        step_until(e, T(e, "A1"), "put.decrement");
        e.step(T(e, "A1"));
        QCOMPARE(refcnt(e, "V"), O(e) + 1);
        if (!breaks) {
            // 9bbffee67ffd: A1 pinned mm B with mmgrab() before its put.
            run_round_robin(e, 10000);
            QVERIFY(e.verdicts().empty());
            return;
        }
        run_to_end(e, T(e, "B1"));  // B1 saw OFFSET+1 without sleeping, unmapped, exited
        QCOMPARE(e.take_snapshot().value("mm B", "slab"), 2);  // freed
        run_to_end(e, T(e, "A1"));
        QVERIFY(has_verdict(e, "V6"));
        QVERIFY(has_verdict(e, "use-after-free"));
    }
};

QTEST_APPLESS_MAIN(LessonSchedules)
#include "tst_lesson_schedules.moc"
