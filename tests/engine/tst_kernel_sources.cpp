// Every step names the kernel file its function lives in: each family's table (vma_sources.cpp,
// binder_catalogue.cpp) covers every function its algorithms enter, in every scenario and variant.
#include <lockstep/engine.hpp>
#include <lockstep/kernel_sources.hpp>

#include "every_run.hpp"

#include <QtTest>

#include <set>

using namespace lockstep;

class KernelSources : public QObject {
    Q_OBJECT

private slots:
    void everyFunctionAStepNamesHasAKernelFile() {
        std::set<std::string> missing, seen;
        walk_every_run([](const variant_info&, engine&, thread_id) {},
                       [&](const variant_info& v, engine& e) {
                           for (const auto& ev : e.events()) {
                               // A litmus test's threads run the test's own C, no kernel function.
                               if (*ev.function == 0 && v.algorithm == "litmus") continue;
                               seen.insert(ev.function);
                               if (!kernel_file_of(ev.function, v.algorithm)) missing.insert(ev.function);
                           }
                       });
        QVERIFY(seen.size() >= 15);
        std::string list;
        for (const auto& m : missing) list += m + " ";
        QVERIFY2(missing.empty(), ("no kernel file for: " + list).c_str());
    }

    void filesFollowTheKernelVersion_data() {
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("file");
        QTest::newRow("vma_start_read moved in v6.18") << "vma_start_read" << "refcount" << "mm/mmap_lock.c";
        QTest::newRow("vma_refcount_put stayed") << "vma_refcount_put" << "refcount" << "include/linux/mmap_lock.h";
        QTest::newRow("rwsem era in mm.h") << "vma_start_read" << "rwsem" << "include/linux/mm.h";
        QTest::newRow("rwsem era lock_vma_under_rcu") << "lock_vma_under_rcu" << "rwsem" << "mm/memory.c";
        QTest::newRow("same in both eras") << "mmap_write_lock" << "rwsem" << "include/linux/mmap_lock.h";
        QTest::newRow("waking") << "rcuwait_wake_up" << "refcount" << "kernel/exit.c";
        QTest::newRow("unknown") << "no_such_function" << "refcount" << "";
        QTest::newRow("binder's global lock") << "binder_thread_read" << "global-lock" << "drivers/android/binder.c";
        QTest::newRow("binder v4.14") << "binder_wait_for_work" << "fine-grained" << "drivers/android/binder.c";
        QTest::newRow("the allocator") << "__alloc_pages_slowpath" << "global-lock" << "mm/page_alloc.c";
        QTest::newRow("the OOM killer") << "select_bad_process" << "global-lock" << "mm/oom_kill.c";
        QTest::newRow("exit") << "exit_mm" << "fine-grained" << "kernel/exit.c";
        // Each family answers for its own code only.
        QTest::newRow("vma function, binder code") << "vma_start_read" << "global-lock" << "";
        QTest::newRow("binder function, vma code") << "binder_ioctl" << "refcount" << "";
    }
    void filesFollowTheKernelVersion() {
        QFETCH(QString, function);
        QFETCH(QString, algorithm);
        QFETCH(QString, file);
        const std::string f = function.toStdString(), a = algorithm.toStdString();
        const char* got = kernel_file_of(f, a);
        QCOMPARE(QString::fromUtf8(got ? got : ""), file);
    }
};

QTEST_APPLESS_MAIN(KernelSources)
#include "tst_kernel_sources.moc"
