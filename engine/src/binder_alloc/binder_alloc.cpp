// Seed 000: binder_alloc's "initialized" publication. The mmap handler fills in the allocator
// (buffer, pages, the free-buffer tree, the async space) and then publishes it by setting a
// pointer (alloc->vma, later a flag); a sending thread that finds the pointer set goes on to use
// the fields. Whether it is guaranteed to see them filled in is a question for the kernel's memory
// model, and the answer changed with every way the publication was written:
//
//   2008       457b9a6f09f0: barrier() (compiler only), then a plain store; the reader a plain load
//   wmb-only   the writer's smp_wmb() without a matching smp_rmb() in the reader
//   wmb-rmb    da1b9564e85b: binder_alloc_set_vma() with smp_wmb(), get_vma() with smp_rmb()
//   vma-addr   a43cfc87caaf: the cached address as the flag, "ordered" by the mmap_lock the
//              writer holds but the reader in binder_alloc_new_buf() did not take
//   v6.4       0fa53349c3ac: smp_store_release() / smp_load_acquire() of alloc->vma
//   own-rwsem  the seed's suggestion: a lock of the allocator's own around set-up and check
//   mapped     "binder: replace alloc->vma with alloc->mapped" (Carlos Llamas, 2024): a flag
//              published with release and read with acquire before alloc->mutex
//
// Steps follow drivers/android/binder_alloc.c of v6.4 (binder.md §6, "A64"): the mmap handler
// (l.736-805) and binder_alloc_new_buf() / _locked() (l.562-575, 369-560), with the reads the
// page installation makes (binder_update_page_range(), l.181-310) after the check. P1: a sender
// that has seen the allocator published reads every field the handler filled in as filled in.
//
// The same pointer's lifetime (lessons 12 and 13, invariants P2 and P3) is in
// binder_alloc_lifetime.cpp; this file holds the family's catalogue for both.
#include "binder_alloc_family.hpp"
#include "binder_alloc_lifetime.hpp"

#include "../kernel.hpp"

#include <memory>

namespace lockstep::binder_alloc {

using namespace lockstep::kernel;
using detail::machine;

namespace {

enum class publication { plain_2008, wmb_only, wmb_rmb, vma_addr, release_acquire, own_rwsem, mapped };

const std::map<std::string, publication> publication_of = {
    {"2008", publication::plain_2008},     {"wmb-only", publication::wmb_only},
    {"wmb-rmb", publication::wmb_rmb},     {"vma-addr", publication::vma_addr},
    {"v6.4", publication::release_acquire}, {"own-rwsem", publication::own_rwsem},
    {"mapped", publication::mapped},
};

// struct binder_alloc (binder_alloc.h), the fields these paths touch. Pointers hold object ids.
struct binder_alloc {
    mutex lock;                     // alloc->mutex
    shared<long> vma;               // alloc->vma: the flag until 2024
    shared<long> vma_vm_mm;         // alloc->vma_vm_mm (da1b9564e85b stores it before the vma)
    shared<long> vma_addr;          // alloc->vma_addr (a43cfc87caaf)
    shared<long> mapped;            // alloc->mapped (2024)
    shared<long> buffer;            // alloc->buffer: the mapping's user address
    shared<long> pages;             // alloc->pages: the page array
    shared<long> free_buffers;      // alloc->free_buffers.rb_node: the first free buffer
    shared<long> free_async_space;
    rw_semaphore init_sem;          // own-rwsem: the allocator's own lock around set-up
};

struct world {
    publication how = publication::release_acquire;
    binder_alloc alloc;
    rw_semaphore mmap_lock;
    std::int32_t mm = 0, vma = 0, pages = 0, first_buffer = 0;
    long vm_start = 0x7000;  // the mapping's address (pages of 0x1000, scaled down)
    long size = 0x4000;
};

world& w() { return *static_cast<world*>(machine::current().scenario_state.get()); }

// The stores of binder_alloc_mmap_handler() after the size checks, then the publication.
void binder_alloc_mmap_handler() {
    KERNEL_FUNCTION();
    world& s = w();
    binder_alloc& alloc = s.alloc;
    if (s.how == publication::own_rwsem) down_write(alloc.init_sem);
    plain_write(alloc.buffer, s.vm_start);                  // l.776 alloc->buffer = vma->vm_start
    plain_write(alloc.pages, static_cast<long>(s.pages));   // l.778 kcalloc()
    plain_write(alloc.free_buffers, static_cast<long>(s.first_buffer));  // l.790 binder_insert_free_buffer()
    plain_write(alloc.free_async_space, s.size / 2);        // l.793
    switch (s.how) {
    case publication::plain_2008:  // barrier() orders only the compiler: no step
        plain_write(alloc.vma, static_cast<long>(s.vma));
        break;
    case publication::wmb_only:
        smp_wmb();
        plain_write(alloc.vma, static_cast<long>(s.vma));
        break;
    case publication::wmb_rmb:  // binder_alloc_set_vma() of da1b9564e85b
        WRITE_ONCE(alloc.vma_vm_mm, static_cast<long>(s.mm));
        smp_wmb();
        WRITE_ONCE(alloc.vma, static_cast<long>(s.vma));
        break;
    case publication::vma_addr:  // mmap_assert_write_locked(): the caller holds mmap_lock
        WRITE_ONCE(alloc.vma_addr, s.vm_start);
        break;
    case publication::release_acquire:  // binder_alloc_set_vma(), l.312-317
        smp_store_release(alloc.vma, static_cast<long>(s.vma));
        break;
    case publication::own_rwsem:
        WRITE_ONCE(alloc.vma, static_cast<long>(s.vma));
        up_write(alloc.init_sem);
        break;
    case publication::mapped:  // binder_alloc_set_mapped(alloc, true)
        smp_store_release(alloc.mapped, 1L);
        break;
    }
}

// binder_mmap() runs the handler from mmap_region(), which holds mmap_lock for write.
void mmap_thread() {
    const frame in_mmap_region("mmap_region");
    world& s = w();
    down_write(s.mmap_lock);
    binder_alloc_mmap_handler();
    up_write(s.mmap_lock);
}

// The allocator is published as far as this era's check can tell: the vma it found, 0 if none.
long published_vma(binder_alloc& alloc, publication how) {
    switch (how) {
    case publication::plain_2008:
    case publication::wmb_only: return plain_read(alloc.vma);
    case publication::wmb_rmb: {  // binder_alloc_get_vma() of da1b9564e85b: check, rmb, load again
        if (!READ_ONCE(alloc.vma)) return 0;
        smp_rmb();
        return READ_ONCE(alloc.vma);
    }
    case publication::vma_addr: {  // vma_lookup(alloc->vma_vm_mm, alloc->vma_addr)
        const long addr = READ_ONCE(alloc.vma_addr);
        return addr ? static_cast<long>(w().vma) : 0;
    }
    case publication::release_acquire: return smp_load_acquire(alloc.vma);  // l.387
    case publication::own_rwsem: return READ_ONCE(alloc.vma);  // under init_sem for read
    case publication::mapped: return static_cast<long>(w().vma);  // checked before the mutex
    }
    return 0;
}

// binder_alloc_new_buf() and what its page installation reads of the allocator.
void binder_alloc_new_buf() {
    KERNEL_FUNCTION();
    world& s = w();
    binder_alloc& alloc = s.alloc;
    machine& m = machine::current();
    if (s.how == publication::mapped && !smp_load_acquire(alloc.mapped)) return;  // -ESRCH
    mutex_lock(alloc.lock);  // N1, l.571
    // N2: the tree's root is read before the check (l.377), so nothing orders it; a stale NULL
    // there is a spurious -ENOSPC, not a crash (binder.md §6.7).
    const long n = plain_read(alloc.free_buffers);
    if (s.how == publication::own_rwsem) down_read(alloc.init_sem);
    const long vma = published_vma(alloc, s.how);  // N3
    if (vma && n) {
        // binder_update_page_range(): the page index is computed from alloc->buffer, and the
        // page is looked up in alloc->pages.
        const long buffer = plain_read(alloc.buffer);
        const long pages = plain_read(alloc.pages);
        if (buffer != s.vm_start || pages == 0)
            m.oops("P1", m.threads_[m.self()].name + " found the allocator published but read alloc->" +
                             (pages == 0 ? std::string("pages == NULL") : "buffer == " + std::to_string(buffer)) +
                             ": the mmap handler's store is not visible to it yet, and binder_update_page_range() "
                             "goes on to use it");
    }
    if (s.how == publication::own_rwsem) up_read(alloc.init_sem);
    mutex_unlock(alloc.lock);  // N5
}

std::vector<thread_info> alloc_threads_of(const run_config& cfg, const scenario_info& s) {
    if (lifetime::is_lifetime(s.name)) return lifetime::threads_of(cfg, s);
    if (cfg.readers != 0) throw config_error(s.name + " has a fixed set of threads; --readers does not apply");
    if (cfg.rounds != 1) throw config_error(s.name + " runs one mmap and one transaction; --rounds does not apply");
    if (cfg.scaled) throw config_error(s.name + " has no refcount word to scale; --scaled and --real do not apply");
    return {{"M", "mmap"}, {"S", "sender"}};
}

std::map<std::string, bool> alloc_switch_values(const run_config&, std::map<std::string, bool> resolved) { return resolved; }

void build(machine& m, const run_config& cfg, const std::map<std::string, bool>&) {
    if (lifetime::is_lifetime(cfg.scenario)) return lifetime::build(m, cfg);
    auto s = std::make_shared<world>();
    m.scenario_state = s;
    s->how = publication_of.at(cfg.variant);
    s->mm = m.add_object("mm", "mm_struct");
    s->mmap_lock = make_rw_semaphore(m, s->mm, "mmap_lock");
    s->vma = m.add_object("vma", "vm_area_struct");
    s->pages = m.add_object("pages", "binder_lru_page[]");
    s->first_buffer = m.add_object("buffer", "binder_buffer");
    const std::int32_t a = m.add_object("alloc", "binder_alloc");
    binder_alloc& alloc = s->alloc;
    alloc.lock = make_mutex(m, a, "mutex");
    auto field = [&](shared<long>& f, const char* name, field_kind kind) {
        f.cell = m.add_field(a, name, kind, 0);
        m.mark_weak(f.cell);
    };
    field(alloc.vma, "vma", field_kind::pointer);
    field(alloc.vma_vm_mm, "vma_vm_mm", field_kind::pointer);
    field(alloc.vma_addr, "vma_addr", field_kind::integer);
    field(alloc.mapped, "mapped", field_kind::boolean);
    field(alloc.buffer, "buffer", field_kind::integer);
    field(alloc.pages, "pages", field_kind::pointer);
    field(alloc.free_buffers, "free_buffers", field_kind::pointer);
    field(alloc.free_async_space, "free_async_space", field_kind::integer);
    alloc.init_sem = make_rw_semaphore(m, a, "init_sem");
    m.add_thread("M", "mmap", s->mm, [] { mmap_thread(); });
    m.add_thread("S", "sender", s->mm, [] { binder_alloc_new_buf(); });
}

// One table for the family's code (a variant of either story may run the other's scenario).
const char* alloc_kernel_file_of(std::string_view function, std::string_view algorithm) {
    if (algorithm != "alloc-publish" && algorithm != "alloc-lifetime") return nullptr;
    return lifetime::kernel_file_of(function);
}

variant_info publication_variant(const char* name, const char* summary, bool broken) {
    return {name, "alloc-publish", summary, {}, broken, ""};
}

std::vector<variant_info> all_variants() {
    std::vector<variant_info> list = {
        publication_variant("2008", "457b9a6f09f0 (2008): barrier() then a plain store of proc->vma, a plain load in the reader", true),
        publication_variant("wmb-only", "smp_wmb() in the writer without smp_rmb() in the reader (seed 000's question)", true),
        publication_variant("wmb-rmb", "da1b9564e85b: binder_alloc_set_vma() with smp_wmb(), binder_alloc_get_vma() with smp_rmb()", false),
        publication_variant("vma-addr",
                            "a43cfc87caaf (v6.1): alloc->vma_addr instead of the pointer, looked up with vma_lookup() "
                            "when needed; binder_alloc_new_buf() checks it without mmap_lock, which breaks P1, while the "
                            "vma's lifetime is safe (it is looked up, never cached)",
                            true),
        publication_variant("v6.4", "0fa53349c3ac (v6.4): smp_store_release / smp_load_acquire of alloc->vma", false),
        publication_variant("own-rwsem", "seed 000's suggestion: a lock of the allocator's own around set-up and check", false),
        publication_variant("mapped", "\"binder: replace alloc->vma with alloc->mapped\" (2024): a flag, release / acquire", false),
    };
    for (variant_info& v : lifetime::variants()) list.push_back(std::move(v));
    return list;
}

std::vector<scenario_info> all_scenarios() {
    std::vector<scenario_info> list = {
        {"binder-alloc-publish", "mmap publishes, a sender allocates",
         "the mmap handler fills in binder_alloc and publishes it while a sender's binder_alloc_new_buf() checks "
         "and uses it (P1)",
         0, false, "2008", "", "v6.4", memory_model::lkmm},
    };
    for (scenario_info& s : lifetime::scenarios()) list.push_back(std::move(s));
    return list;
}

std::map<std::string, std::vector<std::string>> all_scenario_variants() {
    auto map = lifetime::scenario_variants();
    map["binder-alloc-publish"] = {"2008", "wmb-only", "wmb-rmb", "vma-addr", "v6.4", "own-rwsem", "mapped"};
    return map;
}

}  // namespace

const detail::family family{
    {"binder_alloc", "Binder allocator: alloc->vma",
     "binder_alloc's cached vma pointer (seed 000): its publication by mmap under the kernel's memory model, in "
     "every form from 2008 to 2024, and its lifetime against munmap's downgraded lock (d1d8875c8c13) and a "
     "failed mmap (5789151e48ac)"},
    {},
    detail::in_family("binder_alloc", all_variants()),
    detail::in_family("binder_alloc", all_scenarios()),
    {},
    alloc_threads_of,
    alloc_switch_values,
    build,
    alloc_kernel_file_of,
    lifetime::points(),
    {"P1", "P2", "P3"},
    all_scenario_variants(),
};

}  // namespace lockstep::binder_alloc
