// The per-VMA lock scenarios (lessons 1 to 8 and 4b of the catalogue) and the checker of V1 to V7.
#include "vma_family.hpp"

#include "vma.hpp"

#include <lockstep/config.hpp>

#include <algorithm>
#include <bit>
#include "../text.hpp"

namespace lockstep::vma {

using detail::machine;

namespace {

constexpr unsigned long fault_address = 0x7f0000001000UL;

// ---- objects -----------------------------------------------------------------------------

mm_struct& add_mm(machine& m, world& w, const std::string& name, bool slab) {
    w.mms.emplace_back();
    mm_struct& mm = w.mms.back();
    mm.id = m.add_object(name, "mm_struct");
    m.object_ptr[mm.id] = &mm;
    mm.mmap_lock = make_rw_semaphore(m, mm.id, "mmap_lock");
    mm.mm_lock_seq.sequence.cell = m.add_field(mm.id, "mm_lock_seq", field_kind::seq, 0);
    mm.vma_writer_wait.task.cell = m.add_field(mm.id, "vma_writer_wait.task", field_kind::pointer, 0);
    mm.mm_count.counter = m.add_field(mm.id, "mm_count", field_kind::integer, 1);
    mm.mm_mt.cell = m.add_field(mm.id, "mm_mt", field_kind::pointer, 0);
    if (slab) {
        m.meta(mm.id).life_cell = m.add_field(mm.id, "slab", field_kind::life, 1);
        w.mm_cache.objects.push_back(mm.id);
    }
    return mm;
}

vm_area_struct& add_vma(machine& m, world& w, const std::string& name, mm_struct* owner) {
    w.vmas.emplace_back();
    vm_area_struct& vma = w.vmas.back();
    vma.id = m.add_object(name, "vm_area_struct");
    m.object_ptr[vma.id] = &vma;
    const bool attached = owner != nullptr;
    const value_t start = attached ? static_cast<value_t>(fault_address) : 0;
    if (w.rwsem_era) {
        vma.vm_lock = make_rw_semaphore(m, vma.id, "vm_lock");
        vma.detached.cell = m.add_field(vma.id, "detached", field_kind::boolean, attached ? 0 : 1);
    } else {
        vma.vm_refcnt.refs.counter = m.add_field(vma.id, "vm_refcnt", field_kind::refcnt_word, attached ? 1 : 0);
        vma.vm_refcnt.bits = w.lock_offset == 8 ? 5 : 32;
        field_info& word = m.field_of(vma.vm_refcnt.refs.counter);
        word.bits = vma.vm_refcnt.bits;
        word.offset = w.lock_offset;
    }
    vma.vm_lock_seq.cell = m.add_field(vma.id, "vm_lock_seq", field_kind::seq, UINT_MAX);
    vma.vm_mm.cell = m.add_field(vma.id, "vm_mm", field_kind::pointer, attached ? owner->id : 0);
    vma.vm_start.cell = m.add_field(vma.id, "vm_start", field_kind::integer, start);
    vma.vm_end.cell = m.add_field(vma.id, "vm_end", field_kind::integer, attached ? start + 0x1000 : 0);
    vma.vm_flags.cell = m.add_field(vma.id, "vm_flags", field_kind::integer, attached ? 3 : 0);
    m.mark_payload(vma.vm_flags.cell);
    m.meta(vma.id).life_cell = m.add_field(vma.id, "slab", field_kind::life, attached ? 1 : 0);
    m.meta(vma.id).typesafe_by_rcu = !w.rwsem_era;  // SLAB_TYPESAFE_BY_RCU since v6.15
    w.vma_cache.objects.push_back(vma.id);
    vma.g_inside = m.add_field(vma.id, "readers inside", field_kind::task_mask, 0);
    vma.g_writer_inside = m.add_field(vma.id, "writer inside", field_kind::pointer, 0);
    vma.g_attached = m.add_field(vma.id, "attached", field_kind::ghost, attached ? 1 : 0);
    vma.g_reader_refs = m.add_field(vma.id, "reader refs", field_kind::ghost, 0);
    vma.g_writer_refs = m.add_field(vma.id, "writer ref", field_kind::ghost, 0);
    vma.g_excluding = m.add_field(vma.id, "excluding readers", field_kind::pointer, 0);
    if (owner) m.mem.cells[owner->mm_mt.cell] = vma.id;
    return vma;
}

// ---- the checker -------------------------------------------------------------------------

class vma_checker final : public detail::checker {
public:
    explicit vma_checker(world& w) : w_(w) {}

    void after_step(machine& m) override {
        if (w_.rwsem_era) end_grace_period(m);
        for (std::size_t i = 0; i < w_.vmas.size(); ++i) check_vma(m, w_.vmas[i], prev_[i]);
    }

    void on_touch(machine& m, std::int32_t cell, bool write) override {
        const std::int32_t obj = m.object_of(cell);
        const auto& me = m.threads_[m.self()];
        for (auto& vma : w_.vmas) {
            if (vma.id != obj) continue;
            if (cell == vma.vm_lock_seq.cell && write) check_v5(m, vma);
            if (cell == vma.vm_flags.cell && !write) check_v6_use(m, vma);
            return;
        }
        for (auto& mm : w_.mms) {
            if (mm.id != obj || mm.id == me.own_mm) continue;
            if ((m.mem.cells[w_.pinned_mms[m.self()]] >> mm.id) & 1) return;
            for (std::size_t i = 0; i < w_.vmas.size(); ++i)
                if (((m.mem.cells[w_.held_refs[m.self()]] >> i) & 1) && m.mem.cells[w_.vmas[i].vm_mm.cell] == mm.id)
                    return;  // a held vma reference keeps its mm from going away
            m.add_verdict({"V6", me.name + " touches " + m.cell_name(cell) + " of another mm after dropping its reference, without mmgrab(): that mm may already be freed",
                           m.steps, {m.self()}, {}});
        }
    }

    std::vector<thread_id> wakers(const machine& m, thread_id sleeper) const override {
        std::vector<thread_id> who;
        for (thread_id t = 0; t < static_cast<thread_id>(m.threads_.size()); ++t)
            if (t != sleeper && !m.threads_[t].finished && m.mem.cells[w_.held_refs[t]] != 0)
                who.push_back(t);
        return who;
    }

    const char* liveness_invariant() const override { return "V7"; }

    // vm_refcnt of each vma before the step just taken (V4 looks at 0 -> non-zero).
    void reset(const machine& m) override {
        prev_.clear();
        for (const auto& vma : w_.vmas)
            prev_.push_back(vma.vm_refcnt.refs.counter >= 0 ? m.mem.cells[vma.vm_refcnt.refs.counter] : 0);
    }

private:
    static std::string names(const machine& m, value_t mask) {
        std::string s;
        for (thread_id t = 0; t < static_cast<thread_id>(m.threads_.size()); ++t)
            if ((mask >> t) & 1) detail::append(s, " and ", m.threads_[t].name);
        return s;
    }
    static std::vector<thread_id> ids(const machine& m, value_t mask) {
        std::vector<thread_id> v;
        for (thread_id t = 0; t < static_cast<thread_id>(m.threads_.size()); ++t)
            if ((mask >> t) & 1) v.push_back(t);
        return v;
    }

    void check_vma(machine& m, vm_area_struct& vma, value_t& prev) {
        const auto& c = m.mem.cells;
        // V1: no reader inside while the writer has the vma.
        const value_t inside = c[vma.g_inside];
        const thread_id writer = m.thread_of_task(c[vma.g_writer_inside]);
        if (inside && writer != no_thread) {
            auto who = ids(m, inside);
            who.push_back(writer);
            m.add_verdict({"V1", "V1 broken: reader " + names(m, inside) + (std::popcount(static_cast<std::uint64_t>(inside)) > 1 ? " are" : " is") +
                                     " inside the VMA while writer " + m.threads_[writer].name + " has it write-locked and may modify it",
                           m.steps, who, {}});
        }
        if (w_.rwsem_era) return;

        const value_t O = w_.lock_offset;
        const value_t word = c[vma.vm_refcnt.refs.counter];
        const value_t readers = c[vma.g_reader_refs];
        const thread_id excluder = m.thread_of_task(c[vma.g_excluding]);
        const value_t limit = ref_limit(w_);
        // V2: the word is exactly its parts, readers stay under the limit, never saturated.
        if (word < 0) {
            m.add_verdict({"V2", "V2 broken: vm_refcnt saturated at " + m.describe(vma.vm_refcnt.refs.counter, word) +
                                     " (REFCOUNT_SATURATED): the counter overflowed and no longer counts anything",
                           m.steps, excluder != no_thread ? std::vector<thread_id>{excluder} : std::vector<thread_id>{}, {}});
        } else {
            const value_t expected = c[vma.g_attached] + readers + c[vma.g_writer_refs] + (excluder != no_thread ? O : 0);
            if (word != expected)
                m.add_verdict({"V2", "V2 broken: vm_refcnt is " + m.describe(vma.vm_refcnt.refs.counter, word) +
                                         " but attached + readers + writer add up to " + m.describe(vma.vm_refcnt.refs.counter, expected),
                               m.steps, {}, {}});
            if (readers > limit - 1)
                m.add_verdict({"V2", "V2 broken: " + std::to_string(readers) + " readers hold vm_refcnt, more than VMA_REF_LIMIT - 1 = " +
                                         std::to_string(limit - 1) + " allows",
                               m.steps, {}, {}});
            // V3: only the writer, under mmap_lock, sets the writer bit.
            if ((word & O) && excluder == no_thread)
                m.add_verdict({"V3", "V3 broken: vm_refcnt reads " + m.describe(vma.vm_refcnt.refs.counter, word) +
                                         ": the writer bit is set, but no writer set it (readers counted into VMA_LOCK_OFFSET)",
                               m.steps, {}, {}});
        }
        // V4: 0 -> non-zero only through vma_mark_attached().
        if (prev == 0 && word != 0 && c[vma.g_attached] == 0)
            m.add_verdict({"V4", "V4 broken: vm_refcnt of the detached " + m.object(vma.id).name +
                                     " went from 0 to " + std::to_string(word) + " outside vma_mark_attached(): a detached vma was brought back to life",
                           m.steps, {}, {}});
        prev = word;
    }

    void check_v5(machine& m, vm_area_struct& vma) {
        auto* mm = static_cast<mm_struct*>(m.object_ptr[m.mem.cells[vma.vm_mm.cell]]);
        if (!mm || m.mem.cells[mm->mmap_lock.owner] != m.task_of(m.self())->id)
            m.add_verdict({"V5", "V5 broken: " + m.threads_[m.self()].name + " writes vm_lock_seq without holding mmap_lock for write",
                           m.steps, {m.self()}, {}});
    }

    void check_v6_use(machine& m, vm_area_struct& vma) {
        const auto& me = m.threads_[m.self()];
        const auto& c = m.mem.cells;
        auto* mm = static_cast<mm_struct*>(m.object_ptr[c[vma.vm_mm.cell]]);
        const bool inside = (c[vma.g_inside] >> m.self()) & 1;
        const bool mmap_locked = mm && (c[mm->mmap_lock.owner] == m.task_of(m.self())->id ||
                                        ((c[mm->mmap_lock.reader_mask] >> m.self()) & 1));
        if (!inside && !mmap_locked)
            m.add_verdict({"V6", "V6 broken: " + me.name + " uses " + m.object(vma.id).name +
                                     " without holding its read lock or mmap_lock",
                           m.steps, {m.self()}, {}});
        else if (mm && mm->id != me.own_mm)
            m.add_verdict({"V6", "V6 broken: " + me.name + " uses " + m.object(vma.id).name + ", which now belongs to " +
                                     m.object(mm->id).name + ", not to its own mm",
                           m.steps, {m.self()}, {}});
    }

    // call_rcu() callbacks run once every thread that was in a read section has left it.
    void end_grace_period(machine& m) {
        auto& c = m.mem.cells;
        const value_t obj = c[w_.rcu_free_object.cell];
        if (!obj) return;
        value_t waits = c[w_.rcu_free_waits];
        for (thread_id t = 0; t < static_cast<thread_id>(m.threads_.size()); ++t)
            if (c[m.threads_[t].task.rcu_depth] == 0) waits &= ~(value_t{1} << t);
        c[w_.rcu_free_waits] = waits;
        if (waits) return;
        const auto id = static_cast<std::int32_t>(obj);
        c[m.meta(id).life_cell] = 1 + ++c[w_.vma_cache.frees];  /* vm_area_free_rcu_cb() */
        c[w_.rcu_free_object.cell] = 0;
    }

    world& w_;
    std::vector<value_t> prev_;
};

// ---- threads -----------------------------------------------------------------------------

// Each round starts afresh: of the rounds before, only how many there were is left (each
// call returns nothing, and what it holds afterwards is in memory).
void reader(mm_struct* mm, int rounds) {
    for (int r = 0; r < rounds; ++r) {
        forget_past({r});
        work::do_page_fault(mm, fault_address);
    }
}

void writer(mm_struct* mm, int rounds) {
    for (int r = 0; r < rounds; ++r) {
        forget_past({r});
        work::do_mprotect(mm, fault_address);
    }
}

void unmapper(mm_struct* mm, int rounds) {
    for (int r = 0; r < rounds; ++r) {
        forget_past({r});
        work::do_munmap(mm, fault_address);
        forget_past({r});
        if (r + 1 < rounds) work::do_mmap(mm, fault_address);
    }
}

// Another process: maps (reusing the freed vma object), unmaps, and exits, dropping its mm.
void remapper(mm_struct* mm, int rounds) {
    for (int r = 0; r < rounds; ++r) {
        forget_past({r});
        work::do_mmap(mm, fault_address);
        forget_past({r});
        work::do_munmap(mm, fault_address);
    }
    forget_past();
    mmdrop(mm); /* exit_mm() -> mmput() -> mmdrop() */
}

// What the search may take without a scheduling point before it (machine::mark_stable and
// mark_private; the search throws if a step breaks the promise). With nobody mapping or
// unmapping, the tree, each vma's mm, bounds and detached flag and every slab lifetime stay as
// they were built, so a step that only reads them (mas_walk, the vm_mm, detached and address
// checks) is nobody else's business; and no vma is freed, so no grace period looks at the
// readers' RCU nesting. Outside the rw_semaphore era no grace period looks at it ever (the vmas
// are SLAB_TYPESAFE_BY_RCU). Then rcu_read_lock() and rcu_read_unlock() are the thread's own.
void promise_quiet_cells(machine& m, const world& w, const std::vector<thread_info>& threads) {
    const bool remaps = std::ranges::any_of(threads, [](const thread_info& t) {
        return t.role == "unmapper" || t.role == "remapper";
    });
    if (!remaps) {
        for (const mm_struct& mm : w.mms) {
            m.mark_stable(mm.mm_mt.cell);
            if (m.meta(mm.id).life_cell >= 0) m.mark_stable(m.meta(mm.id).life_cell);
        }
        for (const vm_area_struct& vma : w.vmas) {
            m.mark_stable(vma.vm_mm.cell);
            m.mark_stable(vma.vm_start.cell);
            m.mark_stable(vma.vm_end.cell);
            if (vma.detached.cell >= 0) m.mark_stable(vma.detached.cell);
            m.mark_stable(m.meta(vma.id).life_cell);
        }
    }
    if (!w.rwsem_era || !remaps)
        for (thread_id t = 0; t < static_cast<thread_id>(m.threads_.size()); ++t)
            m.mark_private(m.threads_[t].task.rcu_depth, t);
}

// The cells whose accesses follow the kernel's memory model under --memory lkmm, per scenario;
// every other cell (task states, lock owners and wait lists, the tree, the slab) stays
// sequentially consistent. Each lesson makes weak only what its point needs, and with it the
// location whose release and acquire order those: left sequentially consistent it would
// order nothing, and the correct variants would break where the kernel does not.
void mark_weak_cells(machine& m, const world& w, const std::string& scenario) {
    if (scenario == "vma-seq-publish") {
        // Lesson 8 (b1f02b95758d, the rw_semaphore era): the flags W changes and the sequence
        // numbers whose unlock publishes them. vm_lock_seq is written under vm_lock, an
        // rw_semaphore, whose unlock and lock hand the writer's view on as the kernel's do.
        // The refcount era runs sequentially consistent here: there vm_lock_seq is ordered by
        // vm_refcnt's release in __vma_exit_locked() and acquire in vma_start_read(), a
        // different lesson (with vm_refcnt weak too, the model finds v7's relaxed increment
        // letting a reader in beside the writer, the reason the series took the acquire in
        // v10, and, with two readers, even the final code, through a reader's acquire-only
        // increment between the writer's release and the next reader: LKMM has no release
        // sequences. That last outcome has not been checked against herd7).
        if (!w.rwsem_era) return;
        for (const mm_struct& mm : w.mms) m.mark_weak(mm.mm_lock_seq.sequence.cell);
        for (const vm_area_struct& vma : w.vmas) {
            m.mark_weak(vma.vm_flags.cell);
            m.mark_weak(vma.vm_lock_seq.cell);
        }
    } else if (scenario == "vma-wake-barrier") {
        // Lesson 4b: the count the put lowers and the writer tests, and the rcuwait's task slot
        // the writer fills and the put reads: the two sides of the store-buffering shape.
        for (const mm_struct& mm : w.mms) m.mark_weak(mm.vma_writer_wait.task.cell);
        for (const vm_area_struct& vma : w.vmas)
            if (vma.vm_refcnt.refs.counter >= 0) m.mark_weak(vma.vm_refcnt.refs.counter);
    }
}

}  // namespace

void build(machine& m, const run_config& cfg, const std::map<std::string, bool>& on) {
    auto w = std::make_shared<world>();
    m.scenario_state = w;
    const scenario_info& info = *find_scenario(cfg.scenario);
    const variant_info& variant = *find_variant(cfg.variant);
    w->rwsem_era = variant.algorithm == "rwsem";

    // `on` has every switch (all_switch_values()), the other lock's too, so the code runs
    // exactly what the lanes show.
    for (const switch_member& sm : switch_members) w->sw.*sm.member = on.at(sm.name);

    const bool scaled = cfg.scaled.value_or(info.default_scaled);
    w->lock_offset = scaled ? 8 : 0x40000000;

    w->vma_cache = {"vm_area_cachep", !w->rwsem_era, {}, -1};
    w->mm_cache = {"mm_cachep", false, {}, -1};
    const std::int32_t slab = m.add_object("slab", "kmem_cache");
    w->vma_cache.frees = m.add_field(slab, "vm_area_cachep frees", field_kind::integer, 0);
    w->mm_cache.frees = m.add_field(slab, "mm_cachep frees", field_kind::integer, 0);
    if (w->rwsem_era) {
        const std::int32_t rcu = m.add_object("rcu", "rcu_state");
        w->rcu_free_object.cell = m.add_field(rcu, "call_rcu pending", field_kind::pointer, 0);
        w->rcu_free_waits = m.add_field(rcu, "grace period waits for", field_kind::task_mask, 0);
    }

    const int rounds = std::max(1, cfg.rounds);
    mm_struct* a = nullptr;
    mm_struct* b = nullptr;
    if (cfg.scenario == "vma-slab-reuse") {
        a = &add_mm(m, *w, "mm A", true);
        b = &add_mm(m, *w, "mm B", true);
        add_vma(m, *w, "V", a);
        add_vma(m, *w, "V2", nullptr);  // a spare object, in case B maps before V is freed
    } else {
        a = &add_mm(m, *w, "mm", false);
        add_vma(m, *w, "vma", a);
    }
    const std::vector<thread_info> threads = threads_of(cfg);
    const bool unmaps = std::ranges::any_of(threads, [](const thread_info& t) { return t.role == "unmapper"; });
    if (cfg.scenario != "vma-slab-reuse" && unmaps && rounds > 1) add_vma(m, *w, "vma'", nullptr);  // for the remaps
    for (const thread_info& t : threads) {
        std::function<void()> body;
        mm_struct* mm = t.role == "remapper" ? b : a;
        if (t.role == "reader") body = [mm, rounds] { reader(mm, rounds); };
        else if (t.role == "writer") body = [mm, rounds] { writer(mm, rounds); };
        else if (t.role == "unmapper") body = [mm, rounds] { unmapper(mm, rounds); };
        else body = [mm, rounds] { remapper(mm, rounds); };
        const thread_id tid = m.add_thread(t.name, t.role, mm->id, std::move(body));
        // Readers of one mm run the same code on the same vma: the search may swap them.
        if (t.role == "reader") m.make_symmetric(tid, static_cast<int>(mm->id));
        const std::int32_t task = m.task_of(tid)->id;
        w->pinned_mms.push_back(m.add_field(task, "mmgrab'd", field_kind::ghost, 0));
        w->held_refs.push_back(m.add_field(task, "vma refs held", field_kind::ghost, 0));
    }
    promise_quiet_cells(m, *w, threads);
    mark_weak_cells(m, *w, cfg.scenario);
    m.check = std::make_unique<vma_checker>(*w);
}

}  // namespace lockstep::vma
