// The per-VMA lock family: its switches, variants (presets of switches, each a kernel version
// or a proposal from seed 004) and scenarios (lessons 1 to 7 of the catalogue).
#include "vma_family.hpp"

#include "../family.hpp"
#include "../text.hpp"

#include <lockstep/kernel_sources.hpp>

#include <algorithm>

namespace lockstep::vma {

namespace {

using detail::in_family;
using detail::preset;
using detail::with;

// The newest merged code, v6.18: mm/mmap_lock.c with 9bbffee67ffd and 0b16f8bed19c. Every
// refcount-lock switch at its final value.
preset final_preset() {
    return {{"writer_takes_ref", false},      {"writer_ref_after_wait", false},
            {"reader_limit", true},           {"reader_inc_not_zero", true},
            {"reader_inc_acquire", true},     {"limit_leaves_writer_ref", false},
            {"lock_seq_recheck", true},       {"reader_checks_old_bit", false},
            {"eagain_retry", true},           {"mm_check_in_start_read", true},
            {"start_read_drops_rcu", true},   {"put_reads_mm_first", true},
            {"end_read_under_rcu", false},    {"attach_release", true},
            {"asserts_bug_on", false},        {"wake_every_put", false},
            {"wake_only_at_O2", false},       {"wake_at_or_below_O2", false},
            {"wake_tests_old_count", false},  {"rcuwait_wake_mb", true}};
}

// v6.17: 9bbffee67ffd is in, 0b16f8bed19c (v6.18) is not.
preset v6_17_preset() { return with(final_preset(), {{"start_read_drops_rcu", false}}); }

// The seed's v7 patch 12/17 (seed 004, January 2025) as the v7 series had it after 15/17 and
// 16/17: the caller's mm for the sequence checks, the vm_mm check in lock_vma_under_rcu, and
// SLAB_TYPESAFE_BY_RCU.
preset v7_preset() {
    return with(v6_17_preset(), {{"writer_takes_ref", true},
                                 {"reader_inc_acquire", false},
                                 {"limit_leaves_writer_ref", true},
                                 {"reader_checks_old_bit", true},
                                 {"eagain_retry", false},
                                 {"mm_check_in_start_read", false},
                                 {"put_reads_mm_first", false},
                                 {"end_read_under_rcu", true},
                                 {"attach_release", false},
                                 {"asserts_bug_on", true},
                                 {"wake_every_put", true},
                                 {"wake_tests_old_count", true}});
}

// The rw_semaphore lock of v6.13 and v6.14, and what changed before it.
preset rwsem_preset() {
    return {{"mm_lock_seqcount", true}, {"end_write_all_release", true}, {"detached_check_first", true}};
}

// v6.4's: mm_lock_seq a plain counter raised only at unlock, the range check before the detached
// check; `release`: b1f02b95758d's smp_store_release() / smp_load_acquire() of it.
preset rwsem_v6_4_preset(bool release) {
    return with(rwsem_preset(), {{"mm_lock_seqcount", false}, {"end_write_all_release", release}, {"detached_check_first", false}});
}

std::vector<switch_info> vma_switches() {
    std::vector<switch_info> list = {
        {"writer_takes_ref",
         "v7: the writer takes its own reference (refcount_inc_not_zero, then refcount_add(VMA_LOCK_OFFSET)) "
         "and waits for OFFSET+2"},
        {"writer_ref_after_wait",
         "L3: the writer sets the bit, waits for OFFSET+1, and only then takes its own reference"},
        {"reader_limit",
         "readers increment only up to VMA_REF_LIMIT, so a count with the writer bit set is refused "
         "(off: the unlimited __refcount_inc_not_zero)"},
        {"reader_inc_not_zero",
         "readers never increment a count of 0, so a detached vma stays detached (off: a cmpxchg loop that "
         "checks only the limit, so 0 becomes 1)"},
        {"reader_inc_acquire",
         "the reader's increment is an acquire (__refcount_inc_not_zero_limited_acquire, v6.15); v7 used "
         "the relaxed __refcount_inc_not_zero_limited"},
        {"limit_leaves_writer_ref",
         "v7: VMA_REF_LIMIT is VMA_LOCK_OFFSET - 2, one below the final limit, leaving room for a writer's "
         "reference (Suren's L2 sketch kept it)"},
        {"lock_seq_recheck",
         "vma_start_read rechecks vm_lock_seq against mm_lock_seq after taking its count, catching a "
         "writer that finished waiting in between"},
        {"reader_checks_old_bit",
         "v7: vma_start_read also tests the writer bit in the old count (redundant with the limit)"},
        {"eagain_retry",
         "vma_start_read returns -EAGAIN for a detached vma and lock_vma_under_rcu walks the tree again "
         "(off, as in v7: fall back to mmap_lock)"},
        {"mm_check_in_start_read",
         "commit 9bbffee67ffd (v6.17): vma_start_read checks vma->vm_mm and pins a foreign mm with mmgrab() "
         "before dropping its count (off: lock_vma_under_rcu checks vm_mm afterwards, as v6.15 and v6.16 did)"},
        {"start_read_drops_rcu",
         "commit 0b16f8bed19c (v6.18): vma_start_read leaves the RCU read section on every failure, and "
         "lock_vma_under_rcu re-enters it at retry: and leaves it before the range check"},
        {"put_reads_mm_first",
         "vma_refcount_put copies vma->vm_mm before the decrement, after which the vma may be freed "
         "and reused (off: reads it after, as v7 did)"},
        {"end_read_under_rcu", "v7: vma_end_read wraps the put in rcu_read_lock()/rcu_read_unlock()"},
        {"attach_release",
         "vma_mark_attached publishes the count with refcount_set_release (v6.15); v7 used a relaxed refcount_set"},
        {"asserts_bug_on",
         "v7: the lock's assertions are VM_BUG_ON_VMA, which kill the thread; the merged code WARNs and "
         "goes on (WARN_ON_ONCE, vma_assert_detached)"},
        {"wake_every_put",
         "v7: every put that leaves the writer bit set wakes the writer, most of them spuriously"},
        {"wake_only_at_O2",
         "L1 (Liam's proposal): wake only when the count is exactly OFFSET+2. Tested on the count after the put "
         "(what the reviewers meant), a detaching writer waiting for OFFSET+1 is never woken"},
        {"wake_at_or_below_O2",
         "L1 repaired (Suren's is_vma_writer_only): wake when the writer bit is set and the count is at most OFFSET+2"},
        {"wake_tests_old_count",
         "the wake test reads the count before the put, as v7's variable `refcnt` (the old value from "
         "__refcount_dec_and_test) literally held; off: the count after it, as the final "
         "is_vma_writer_only(oldcnt - 1) makes explicit"},
        {"rcuwait_wake_mb",
         "rcuwait_wake_up() orders the caller's store (the put's decrement) before its load of the waiting task "
         "with smp_mb(), barrier (B), as since 6dc080eeb2ba (2018); off: the smp_rmb() it had before, which does "
         "not (a teaching switch: no kernel had the per-VMA lock with it)"},
        {"mm_lock_seqcount",
         "v6.13 (eb449bd96954): mm_lock_seq is a seqcount, mmap_write_lock does sequence++ then smp_wmb(), "
         "and the unlock smp_wmb() then sequence++ (off: only the unlock raises it)"},
        {"end_write_all_release",
         "b1f02b95758d (v6.5): without the seqcount, vma_end_write_all raises mm_lock_seq with "
         "smp_store_release (off: a plain WRITE_ONCE, as v6.4 did)"},
        {"detached_check_first",
         "Jann Horn's type-confusion fix (v6.12): lock_vma_under_rcu tests vma->detached before the address "
         "range (off: the range first, as v6.4 to v6.11 did)"},
    };
    return list;
}

std::vector<variant_info> vma_variants() {
    std::vector<variant_info> list = {
        {"final", "refcount",
         "v6.18, the newest merged code: the v6.15 vm_refcnt lock with 9bbffee67ffd and 0b16f8bed19c",
         final_preset(), false},
        {"v6.17", "refcount",
         "v6.17 (and 6.15.y/6.16.y with the backport): 9bbffee67ffd, but vma_start_read keeps RCU on failure",
         v6_17_preset(), false},
        {"v6.15", "refcount",
         "v6.15 and v6.16 as released, before 9bbffee67ffd: lock_vma_under_rcu checks vm_mm after locking, so "
         "a put can wake a writer in an mm that is being freed",
         with(v6_17_preset(), {{"mm_check_in_start_read", false}}), true},
        {"v7", "refcount",
         "the seed's v7 series (patch 12/17 with 15/17 and 16/17): the writer takes a reference, every put "
         "wakes it",
         v7_preset(), false},
        {"L1", "refcount",
         "v7 with Liam's wake condition, as the reviewers meant it: wake only when the count after the put "
         "is OFFSET+2; loses the wakeup of a detaching writer",
         with(v7_preset(), {{"wake_every_put", false}, {"wake_tests_old_count", false}, {"wake_only_at_O2", true}}),
         true},
        {"L1-literal", "refcount",
         "v7 with Liam's condition applied to v7's variable as written (the count before the put == OFFSET+2): "
         "it wakes the detaching writer and loses vma_start_write's wakeup instead",
         with(v7_preset(), {{"wake_every_put", false}, {"wake_only_at_O2", true}}), true},
        {"L1-repaired", "refcount",
         "v7 with Suren's repair of L1: wake while the count after the put is at most OFFSET+2",
         with(v7_preset(),
              {{"wake_every_put", false}, {"wake_tests_old_count", false}, {"wake_at_or_below_O2", true}}),
         false},
        {"L2", "refcount",
         "v7 with Liam's second proposal as Suren sketched it: the writer takes no reference, sets the bit and "
         "waits for OFFSET+1 (adopted in the final code); VMA_REF_LIMIT stays OFFSET-2 as in the sketch",
         with(v7_preset(), {{"writer_takes_ref", false}}), false},
        {"L3", "refcount",
         "v7 with Liam's third idea: set the bit, wait for OFFSET+1, then take the writer's reference",
         with(v7_preset(), {{"writer_takes_ref", false}, {"writer_ref_after_wait", true}}), false},
        {"no-recheck", "refcount",
         "broken on purpose: vma_start_read does not recheck vm_lock_seq after its increment",
         with(final_preset(), {{"lock_seq_recheck", false}}), true},
        {"unlimited", "refcount",
         "broken on purpose: readers increment without VMA_REF_LIMIT (__refcount_inc_not_zero_acquire), so they "
         "count past the writer bit",
         with(final_preset(), {{"reader_limit", false}}), true},
        {"plain-inc", "refcount",
         "broken on purpose: the reader's cmpxchg loop checks only the limit, so it raises a detached vma from 0",
         with(final_preset(), {{"reader_inc_not_zero", false}}), true},
        {"no-wake-mb", "refcount",
         "hypothetical, broken on purpose (no kernel ran it): the final code with rcuwait_wake_up()'s barrier (B) "
         "put back to the smp_rmb() of before 6dc080eeb2ba, so a put's decrement and its look at the waiting task "
         "can both miss the writer's side (lesson 4b, under the kernel's memory model)",
         with(final_preset(), {{"rcuwait_wake_mb", false}}), true},
        {"rwsem", "rwsem",
         "v6.13 and v6.14: the rw_semaphore per-VMA lock (vm_lock and a detached flag per vma), mm_lock_seq a "
         "seqcount, the detached check before the range check",
         rwsem_preset(), false},
        {"rwsem-v6.4", "rwsem",
         "v6.4, the first per-VMA lock: mm_lock_seq raised with WRITE_ONCE only at unlock (before b1f02b95758d), "
         "the range check before the detached check",
         rwsem_v6_4_preset(false), false},
        {"pre-b1f02b95758d", "rwsem",
         "v6.4 as first released, before b1f02b95758d reached 6.4.y: vma_end_write_all() raises mm_lock_seq with a "
         "plain WRITE_ONCE() and vma_start_read() rechecks it with READ_ONCE(), so the unlock orders nothing (the "
         "code of rwsem-v6.4, named for lesson 8; broken under the kernel's memory model)",
         rwsem_v6_4_preset(false), true},
        {"b1f02b95758d", "rwsem",
         "v6.5 to v6.11, and 6.4.y with the backport: Jann Horn's b1f02b95758d raises mm_lock_seq with "
         "smp_store_release() and rechecks it with smp_load_acquire(); the range check still comes before the "
         "detached check",
         rwsem_v6_4_preset(true), false},
    };
    return list;
}

std::vector<scenario_info> vma_scenarios() {
    std::vector<scenario_info> list = {
        {"vma-drain", "Drain", "R1 and R2 hold read locks; W sets the writer bit and sleeps until the last "
         "reader leaves; a third reader is refused and falls back to mmap_lock. Count the wakeups.",
         3, false, "", "vma", "final"},
        {"vma-lock-seq-recheck", "The lock outlives the refcount",
         "W finishes vma_start_write and drops the bit while R1 is between its first check and its "
         "increment; only the vm_lock_seq recheck stops R1.",
         1, false, "no-recheck", "vma", "final"},
        {"vma-writer-bit", "The writer bit must block readers",
         "W has waited out the readers but not yet written vm_lock_seq; a reader that ignores the "
         "writer bit gets in.",
         1, false, "unlimited", "vma", "final"},
        {"vma-detach-lost-wakeup", "Lost wakeup in detach",
         "W unmaps the vma while R1 holds a transient count; W must be woken at OFFSET+1.",
         1, false, "L1", "vma", "final"},
        {"vma-overflow", "Overflow without a limit",
         "Seven readers on a scaled 5-bit counter (O = 8) reach the writer bit; W's addition saturates.",
         7, true, "unlimited", "vma", "final"},
        {"vma-eagain", "EAGAIN: the vma is detached under the reader",
         "U detaches the vma between R1's tree walk and its increment; R1 must not bring it back.",
         1, false, "plain-inc", "vma", "final"},
        {"vma-seq-publish", "The unlock publishes the writer's changes",
         "W write-locks the vma and changes its flags, and mmap_write_unlock() raises mm_lock_seq; R1 finds the "
         "sequences unequal, read-locks the vma and reads the flags. Under the kernel's memory model R1 must still "
         "see W's change (b1f02b95758d; the rw_semaphore era's mm_lock_seq, vm_lock_seq and flags are weak).",
         1, false, "pre-b1f02b95758d", "vma", "b1f02b95758d", memory_model::lkmm},
        {"vma-wake-barrier", "The waker's barrier",
         "W sets the writer bit and waits in rcuwait_wait_event() for R1 to leave; R1's put must wake it. Under the "
         "kernel's memory model that takes the full barriers on both sides: set_current_state() in W and (B) in "
         "rcuwait_wake_up().",
         1, false, "no-wake-mb", "vma", "final", memory_model::lkmm},
        {"vma-slab-reuse", "Slab reuse and the mm use-after-free",
         "A1 finds V; A2 unmaps and frees it; B1 in another mm reuses V, then unmaps it and exits. "
         "A1's stray count must not make it touch mm B after B is freed.",
         0, false, "v6.15", "vma", "final"},
    };
    return list;
}

std::vector<std::vector<std::string>> vma_exclusive_groups() {
    return {
        {"wake_every_put", "wake_only_at_O2", "wake_at_or_below_O2"},
        {"writer_takes_ref", "writer_ref_after_wait"},
    };
}


// Who besides the readers runs in each scenario: the last thread modifies the vma (a writer,
// W) or unmaps it (an unmapper, W or U). vma-slab-reuse has its own cast.
struct cast {
    const char* scenario;
    const char* last_name;
    bool unmapper;
};
constexpr cast casts[] = {
    {"vma-drain", "W", false},          {"vma-lock-seq-recheck", "W", false}, {"vma-writer-bit", "W", false},
    {"vma-detach-lost-wakeup", "W", true}, {"vma-overflow", "W", false},     {"vma-eagain", "U", true},
    {"vma-seq-publish", "W", false},    {"vma-wake-barrier", "W", false},
};

std::vector<thread_info> vma_threads_of(const run_config& cfg, const scenario_info& s) {
    if (cfg.scenario == "vma-slab-reuse") {
        if (cfg.readers != 0)
            throw config_error("vma-slab-reuse has a fixed set of threads (A1, A2, B1); --readers does not apply");
        return {{"A1", "reader"}, {"A2", "unmapper"}, {"B1", "remapper"}};
    }
    const int readers = cfg.readers ? cfg.readers : s.default_readers;
    if (readers < 1 || readers > 16)
        throw config_error("readers must be from 1 to 16, not " + std::to_string(readers));
    std::vector<thread_info> threads;
    for (int i = 1; i <= readers; ++i) threads.push_back({"R" + std::to_string(i), "reader"});
    const auto c = std::ranges::find_if(casts, [&](const cast& c) { return cfg.scenario == c.scenario; });
    threads.push_back({c->last_name, c->unmapper ? "unmapper" : "writer"});
    return threads;
}

// Both locks' switches: each lock's code runs with the other's at the values it always has.
std::map<std::string, bool> vma_all_switch_values(const run_config&, std::map<std::string, bool> resolved) {
    std::map<std::string, bool> all = final_preset();
    all.merge(rwsem_preset());
    for (const auto& [name, on] : resolved) all[name] = on;
    return all;
}

}  // namespace

const detail::family family{
    {"vma", "Per-VMA lock",
     "the per-VMA lock of mm/mmap_lock.c: the vm_refcnt lock of v6.15 to v6.18 and seed 004's v7, and the "
     "rw_semaphore lock of v6.4 to v6.14"},
    in_family("vma", vma_switches()),
    in_family("vma", vma_variants()),
    in_family("vma", vma_scenarios()),
    vma_exclusive_groups(),
    vma_threads_of,
    vma_all_switch_values,
    build,
    kernel_file_of,
    {"lock_vma", "lock_vma.walk", "lock_vma.range_check", "start_read.check", "start_read.increment",
     "start_read.mm_check", "start_read.recheck", "start_read.trylock", "use", "put.decrement", "put.wake",
     "mmap_read_lock", "mmap_write_lock", "end_write_all", "start_write", "enter_locked.add_offset",
     "enter_locked.wait", "start_write.lock_seq", "start_write.down_write", "exit_locked", "modify",
     "munmap.remove", "detach.decrement", "free", "mmap.alloc", "attach"},
    {"V1", "V2", "V3", "V4", "V5", "V6", "V7"},
};

}  // namespace lockstep::vma
