// binder_alloc caches the vma its buffers are mapped into (alloc->vma) and dereferences it
// later, when a transaction needs a page installed. The core mm owns the vma and tells the
// driver it is going away only through vm_ops->close; the cached pointer is safe only while
// every path that frees a vma calls ->close first, and while nobody can still be between
// loading the pointer and using it when that happens. Two ways this failed (lessons 12, 13):
//
// binder-munmap-downgrade (d1d8875c8c13 "binder: fix UAF of alloc->vma in race with
//   munmap()"). dd2283f2605e ("mm: mmap: zap pages with read mmap_sem in munmap") made munmap
//   detach the vma under mmap_lock for write, then downgrade to read for the teardown, which
//   calls ->close and frees the vma. 720c24192404 ("ANDROID: binder: change down_write to
//   down_read") had binder install pages under mmap_lock for read. Together: binder can get the
//   read lock right after the downgrade, load alloc->vma before ->close clears it, and insert a
//   page into the vma after munmap has freed it (P2). d1d8875c8c13 goes back to the write lock.
//   Steps: mm/mmap.c __vm_munmap / do_vmi_align_munmap / remove_vma and binder_alloc.c
//   binder_update_page_range of v6.4 (binder.md section 6.5; A64, binder_alloc.c blob
//   662a2a2e2e84 = d1d8875c8c13, whose parent e7c9d466f8e8 differs only in the lock).
//
// binder-mmap-undo (5789151e48ac "mm/mmap: undo ->mmap() when mas_preallocate() fails"). The
//   maple-tree mmap_region() (d4af56c5c7c6, in linux-next from June 2022 and in v6.1-rc1) frees
//   the vma when mas_preallocate() fails after ->mmap() succeeded, without calling ->close:
//   binder_mmap() had published the vma in alloc->vma, and it dangles (P2 when a transaction
//   uses it). Fault injection makes the preallocation fail here, as it did for syzbot. Steps:
//   mmap_region() as 5789151e48ac's and a57b70519d1f's diffs show v6.1-rc1 (no full copy of
//   that file was at hand; v6.1 with the fixes has the same shape), binder as in v6.4.
//
// Both are sequentially consistent stories: the pointer is published with release/acquire
// (0fa53349c3ac), and what goes wrong is a lifetime, not an ordering.
//
// Modelled without CONFIG_PER_VMA_LOCK (as on the 5.10 kernel of d1d8875c8c13's KASAN trace):
// vma_start_write() and vma_mark_detached() do nothing then, and vm_area_free() frees at once.
// With it, v6.4 frees the vma after an RCU grace period; binder holds no RCU read lock, so the
// free can come just as soon and the interleavings are the same.
#include "binder_alloc_lifetime.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>

namespace lockstep::binder_alloc::lifetime {

using detail::machine;
using namespace lockstep::kernel;

namespace {

constexpr unsigned long PAGE_SIZE = 0x1000;
constexpr unsigned long SZ_4M = 0x400000;
// include/linux/mm.h
constexpr unsigned long VM_READ = 0x1, VM_WRITE = 0x2, VM_MAYREAD = 0x10, VM_MAYWRITE = 0x20;
constexpr unsigned long VM_DONTCOPY = 0x20000, VM_MIXEDMAP = 0x10000000;
// binder.c: a binder mapping is read-only for user space.
constexpr unsigned long FORBIDDEN_MMAP_FLAGS = VM_WRITE;

constexpr unsigned long PAGE_ALIGN(unsigned long a) { return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

struct mm_struct;
struct binder_proc;

struct vm_area_struct {
    std::int32_t id = 0;
    shared<unsigned long> vm_start;
    shared<unsigned long> vm_end;
    shared<unsigned long> vm_flags;
    shared<mm_struct*> vm_mm;
    shared<long> vm_ops;                   // &binder_vm_ops (that object's id), 0 for none
    shared<binder_proc*> vm_private_data;  // binder_mmap(): the binder_proc
    std::int32_t g_closed = -1;            // ghost: ->close has run on it (P3)
};

// The mm of the process that mapped binder, as far as these paths go.
struct mm_struct {
    std::int32_t id = 0;
    rw_semaphore mmap_lock;
    atomic_t mm_users;
    // The maple tree of vmas, as its one entry over the binder mapping's range (vma_lookup() of
    // any other address finds nothing).
    shared<vm_area_struct*> mm_mt;
    // The page table lock and the pte of the buffer's first page: the page mapped there (its
    // object id), 0 for pte_none().
    spinlock_t ptl;
    shared<long> pte;
};

struct binder_buffer {
    std::int32_t id = 0;
    shared<unsigned long> user_data;
};

// alloc->pages[0]: the buffer's first page, the one a small transaction needs.
struct binder_lru_page {
    std::int32_t id = 0;
    shared<long> page_ptr;
};

// struct binder_alloc (binder_alloc.h), the fields these paths touch.
struct binder_alloc {
    std::int32_t id = 0;
    mutex lock;                            // alloc->mutex
    shared<vm_area_struct*> vma;           // the cached pointer
    shared<unsigned long> vma_addr;        // a43cfc87caaf: the address instead
    shared<mm_struct*> vma_vm_mm;          // a43cfc87caaf: the mm to look it up in
    mm_struct* mm = nullptr;               // alloc->mm: set by binder_alloc_init() at open, before all this
    shared<unsigned long> buffer;          // the mapping's user address
    shared<binder_lru_page*> pages;        // kcalloc()ed page array
    shared<binder_buffer*> free_buffers;   // free_buffers.rb_node: the one free buffer
    shared<long> free_async_space;
    shared<long> buffer_size;              // under the global binder_alloc_mmap_lock
};

struct binder_proc {
    std::int32_t id = 0;
    shared<task_struct*> tsk;  // the group leader that opened binder
    binder_alloc alloc;
};

struct world {
    code c;
    mm_struct mm;
    vm_area_struct vma;
    binder_proc proc;
    binder_buffer buffer;
    binder_lru_page lru;
    std::int32_t page = 0;    // the struct page binder allocates for the buffer
    std::int32_t vm_ops = 0;  // binder_vm_ops
    mutex mmap_lock_global;   // binder_alloc_mmap_lock
    kmem_cache vm_area_cachep;
    shared<unsigned> fail_nth;  // M's current->fail_nth (fault injection)
    unsigned long vm_start = 0x70000000;  // the binder mapping: four pages
    unsigned long vm_end = 0x70004000;
};

world& w() { return *static_cast<world*>(machine::current().scenario_state.get()); }
const code& c() { return w().c; }

#define binder_alloc_mmap_lock (w().mmap_lock_global)

// ---- include/linux/mmap_lock.h, include/linux/sched/mm.h, kernel/fork.c ------------------

void mmap_read_lock(mm_struct* mm) {
    KERNEL_FUNCTION();
    down_read(mm->mmap_lock);
}
void mmap_read_unlock(mm_struct* mm) {
    KERNEL_FUNCTION();
    up_read(mm->mmap_lock);
}
void mmap_write_lock(mm_struct* mm) {
    KERNEL_FUNCTION();
    down_write(mm->mmap_lock);
}
// No fatal signal is ever sent in these scenarios, so the killable sleep is down_write()'s.
int mmap_write_lock_killable(mm_struct* mm) {
    KERNEL_FUNCTION();
    down_write(mm->mmap_lock);
    return 0;
}
void mmap_write_unlock(mm_struct* mm) {
    KERNEL_FUNCTION();
    up_write(mm->mmap_lock);
}
// vma_end_write_all() is empty without the per-VMA lock: the downgrade is downgrade_write().
void mmap_write_downgrade(mm_struct* mm) {
    KERNEL_FUNCTION();
    downgrade_write(mm->mmap_lock);
}

bool mmget_not_zero(mm_struct* mm) {
    KERNEL_FUNCTION();
    return atomic_inc_not_zero(mm->mm_users);
}
// The process that owns the mm holds a user for as long as it runs (M is still running), so
// this is never the last one and __mmput() never comes.
void mmput(mm_struct* mm) {
    KERNEL_FUNCTION();
    atomic_dec_and_test(mm->mm_users);
}

vm_area_struct* vm_area_alloc(mm_struct* mm) {
    KERNEL_FUNCTION();
    auto* vma = static_cast<vm_area_struct*>(kmem_cache_alloc(w().vm_area_cachep));
    if (!vma) return nullptr;
    plain_write(vma->vm_mm, mm); /* vma_init() */
    return vma;
}

void vm_area_free(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    label("vm_area_free");
    kmem_cache_free(w().vm_area_cachep, vma);
}

// include/linux/mm.h (v6.1: mtree_load() of the address). One step: the tree's own RCU read
// section sees the entry or not.
vm_area_struct* vma_lookup(mm_struct* mm, unsigned long addr) {
    KERNEL_FUNCTION();
    vm_area_struct* vma = rcu_dereference(mm->mm_mt);
    return addr >= w().vm_start && addr < w().vm_end ? vma : nullptr;
}

// lib/fault-inject.c, should_fail() with current->fail_nth set (/proc/thread-self/fail-nth):
// each fault-injectable allocation counts it down, and the one that brings it to 0 fails.
bool should_fail() {
    KERNEL_FUNCTION();
    unsigned fail_nth = READ_ONCE(w().fail_nth);
    if (fail_nth) {
        fail_nth--;
        WRITE_ONCE(w().fail_nth, fail_nth);
        return fail_nth == 0;
    }
    return false;  // (the probability and interval of the debugfs knobs are not set)
}

// The slab allocation hook: failslab, with ignore-gfp-wait off as syzkaller sets it, so that a
// GFP_KERNEL allocation can fail too. The model runs only the maple tree's preallocation
// through it, and M's fail_nth starts at 1: that allocation is the one that fails.
bool should_failslab() {
    KERNEL_FUNCTION();
    return should_fail();
}

// lib/maple_tree.c: the nodes a store of the new vma could need, from maple_node_cache.
int mas_preallocate(vm_area_struct*) {
    KERNEL_FUNCTION();
    label("mas_preallocate");
    if (should_failslab()) return -ENOMEM;  // mas_alloc_nodes() got nothing: mas_set_err(-ENOMEM)
    return 0;
}

// ---- mm/memory.c ---------------------------------------------------------------------------

// zap_pte_range() for the range's one pte, under the page table lock.
void zap_pte(mm_struct* mm) {
    spin_lock(mm->ptl);
    if (plain_read(mm->pte)) plain_write(mm->pte, 0L);
    spin_unlock(mm->ptl);
}

int insert_page_into_pte_locked(mm_struct* mm, std::int32_t page) {
    KERNEL_FUNCTION();
    if (plain_read(mm->pte)) return -EBUSY;  // !pte_none(*pte)
    label("set_pte_at");
    plain_write(mm->pte, static_cast<long>(page)); /* set_pte_at(vma->vm_mm, addr, pte, mk_pte(page, prot)) */
    return 0;
}

int insert_page(vm_area_struct* vma, std::int32_t page) {
    KERNEL_FUNCTION();
    mm_struct* mm = plain_read(vma->vm_mm);  // get_locked_pte(vma->vm_mm, addr, &ptl)
    spin_lock(mm->ptl);
    const int retval = insert_page_into_pte_locked(mm, page);
    spin_unlock(mm->ptl); /* pte_unmap_unlock() */
    return retval;
}

int vm_insert_page(vm_area_struct* vma, unsigned long addr, std::int32_t page) {
    KERNEL_FUNCTION();
    label("vm_insert_page");
    if (addr < plain_read(vma->vm_start) || addr >= plain_read(vma->vm_end)) return -EFAULT;
    // binder_mmap() set VM_MIXEDMAP, so this is not taken (its BUG_ON()s are left out).
    if (const unsigned long flags = plain_read(vma->vm_flags); !(flags & VM_MIXEDMAP))
        plain_write(vma->vm_flags, flags | VM_MIXEDMAP); /* vm_flags_set() */
    return insert_page(vma, page);
}

// ---- drivers/android/binder_alloc.c --------------------------------------------------------

void binder_alloc_set_vma(binder_alloc* alloc, vm_area_struct* vma) {
    KERNEL_FUNCTION();
    if (c().vma_addr) {  // a43cfc87caaf: the address, under mmap_lock for write
        unsigned long vm_start = 0;
        if (vma) {
            vm_start = plain_read(vma->vm_start);
            plain_write(alloc->vma_vm_mm, plain_read(vma->vm_mm));
        }
        plain_write(alloc->vma_addr, vm_start);
        return;
    }
    smp_store_release(alloc->vma, vma);  // 0fa53349c3ac, l.312-317
}

vm_area_struct* binder_alloc_get_vma(binder_alloc* alloc) {
    KERNEL_FUNCTION();
    label("new_buf.check");
    if (c().vma_addr) {  // a43cfc87caaf: looked up again, without mmap_lock
        const unsigned long addr = plain_read(alloc->vma_addr);
        return addr ? vma_lookup(plain_read(alloc->vma_vm_mm), addr) : nullptr;
    }
    return smp_load_acquire(alloc->vma);  // l.319-324
}

// l.181-310, allocate == 1: install the pages of [start, end) that are missing.
int binder_update_page_range(binder_alloc* alloc, unsigned long start, unsigned long end) {
    KERNEL_FUNCTION();
    vm_area_struct* vma = nullptr;
    mm_struct* mm = nullptr;
    bool need_mm = false;
    if (end <= start) return 0;

    binder_lru_page* pages = plain_read(alloc->pages);
    const unsigned long buffer = plain_read(alloc->buffer);
    for (unsigned long page_addr = start; page_addr < end; page_addr += PAGE_SIZE) {
        binder_lru_page* page = pages + (page_addr - buffer) / PAGE_SIZE;
        if (!plain_read(page->page_ptr)) {
            need_mm = true;
            break;
        }
    }

    if (need_mm) {
        label("page_range.mmget");
        if (mmget_not_zero(alloc->mm)) mm = alloc->mm;
    }

    if (mm) {
        label("page_range.lock");
        if (c().page_install_write_lock) {
            mmap_write_lock(mm);  // d1d8875c8c13, l.215
        } else {
            mmap_read_lock(mm);  // 720c24192404
        }
        label("page_range.vma");
        vma = c().vma_addr ? vma_lookup(mm, plain_read(alloc->vma_addr)) : plain_read(alloc->vma);  // l.216
    }

    int ret = 0;
    if (!vma && need_mm) {
        ret = -ESRCH;  // "binder_alloc_buf failed to map pages in userspace, no vma"
    } else {
        for (unsigned long page_addr = start; page_addr < end; page_addr += PAGE_SIZE) {
            binder_lru_page* page = pages + (page_addr - buffer) / PAGE_SIZE;
            if (plain_read(page->page_ptr)) continue;  // on the LRU: list_lru_del()
            // alloc_page(GFP_KERNEL | __GFP_HIGHMEM | __GFP_ZERO) gives the page: nothing else
            // in the scenario allocates pages.
            plain_write(page->page_ptr, static_cast<long>(w().page));
            if (vm_insert_page(vma, page_addr, w().page)) {
                plain_write(page->page_ptr, 0L); /* err_vm_insert_page_failed: __free_page() */
                ret = -ENOMEM;
                break;
            }
        }
    }
    if (mm) {
        label("page_range.unlock");
        if (c().page_install_write_lock) {
            mmap_write_unlock(mm);
        } else {
            mmap_read_unlock(mm);
        }
        mmput(mm);
    }
    return ret;
}

// l.369-560, as far as a one-page transaction goes: the free tree's root is read before the
// check (l.377), the one free buffer fits, its first page is installed.
int binder_alloc_new_buf_locked(binder_alloc* alloc) {
    KERNEL_FUNCTION();
    binder_buffer* n = plain_read(alloc->free_buffers);
    if (!binder_alloc_get_vma(alloc)) return -ESRCH;  // l.387 "binder_alloc_buf, no vma"
    if (!n) return -ENOSPC;  // best_fit == NULL: "no address space"
    const unsigned long user_data = plain_read(n->user_data);
    return binder_update_page_range(alloc, PAGE_ALIGN(user_data), PAGE_ALIGN(user_data + 8));
}

// l.562-575
int binder_alloc_new_buf(binder_alloc* alloc) {
    KERNEL_FUNCTION();
    label("new_buf.lock");
    mutex_lock(alloc->lock);
    const int ret = binder_alloc_new_buf_locked(alloc);
    mutex_unlock(alloc->lock);
    return ret;
}

// l.736-805
int binder_alloc_mmap_handler(binder_alloc* alloc, vm_area_struct* vma) {
    KERNEL_FUNCTION();
    if (plain_read(vma->vm_mm) != alloc->mm) return -EINVAL;  // "invalid vma->vm_mm"
    mutex_lock(binder_alloc_mmap_lock);
    if (plain_read(alloc->buffer_size)) {
        mutex_unlock(binder_alloc_mmap_lock);
        return -EBUSY;  // "already mapped"
    }
    plain_write(alloc->buffer_size, static_cast<long>(std::min(w().vm_end - w().vm_start, SZ_4M)));
    mutex_unlock(binder_alloc_mmap_lock);
    plain_write(alloc->buffer, w().vm_start);
    plain_write(alloc->pages, &w().lru);  // kcalloc()
    binder_buffer* buffer = &w().buffer;  // kzalloc()
    plain_write(buffer->user_data, w().vm_start);
    plain_write(alloc->free_buffers, buffer); /* binder_insert_free_buffer() */
    plain_write(alloc->free_async_space, static_cast<long>(std::min(w().vm_end - w().vm_start, SZ_4M) / 2));
    label("set_vma");
    binder_alloc_set_vma(alloc, vma);  // "Signal binder_alloc is fully initialized"
    return 0;
}

// l.964-967
void binder_alloc_vma_close(binder_alloc* alloc) {
    KERNEL_FUNCTION();
    label("vma_close");
    binder_alloc_set_vma(alloc, nullptr);
}

// ---- drivers/android/binder.c --------------------------------------------------------------

// l.5556-5566
void binder_vma_close(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    binder_proc* proc = plain_read(vma->vm_private_data);
    ghost_set(vma->g_closed, 1);
    binder_alloc_vma_close(&proc->alloc);
}

// l.5579-5601
int binder_mmap(binder_proc* proc, vm_area_struct* vma) {
    KERNEL_FUNCTION();
    label("binder_mmap");
    if (plain_read(proc->tsk) != current_task()) return -EINVAL;  // proc->tsk != current->group_leader
    const unsigned long flags = plain_read(vma->vm_flags);
    if (flags & FORBIDDEN_MMAP_FLAGS) return -EPERM;
    // vm_flags |= VM_DONTCOPY | VM_MIXEDMAP, &= ~VM_MAYWRITE: nobody else can see the vma yet,
    // so the two updates are one store of the result.
    plain_write(vma->vm_flags, (flags | VM_DONTCOPY | VM_MIXEDMAP) & ~VM_MAYWRITE);
    plain_write(vma->vm_ops, static_cast<long>(w().vm_ops));
    plain_write(vma->vm_private_data, proc);
    return binder_alloc_mmap_handler(&proc->alloc, vma);
}

// vm_ops->close, when vm_ops is binder_vm_ops (the only vm_ops here).
void vm_ops_close(vm_area_struct* vma) {
    if (plain_read(vma->vm_ops)) binder_vma_close(vma);
}

// ---- mm/mmap.c: munmap (v6.4, l.137-149, 2277-2295, 2426-2566, 2887-2911) -----------------

void unmap_region(mm_struct* mm) {
    KERNEL_FUNCTION();
    label("unmap_region");
    zap_pte(mm);
}

void remove_vma(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    vm_ops_close(vma);
    // fput(vma->vm_file) and mpol_put(): the file and the policy are not modelled.
    vm_area_free(vma);
}

void remove_mt(vm_area_struct* vma) {
    KERNEL_FUNCTION();
    remove_vma(vma);
}

// The range is the whole binder mapping: no split, no neighbour to stop the downgrade.
int do_vmi_align_munmap(vm_area_struct* vma, mm_struct* mm) {
    KERNEL_FUNCTION();
    // The loop that gathers the vmas into mt_detach works on a tree of its own.
    label("munmap.detach");
    rcu_assign_pointer(mm->mm_mt, static_cast<vm_area_struct*>(nullptr)); /* vma_iter_clear_gfp(), l.2527 */
    label("munmap.downgrade");
    mmap_write_downgrade(mm);  // l.2551
    unmap_region(mm);          // l.2558: the vma is out of the tree, so a read lock will do
    remove_mt(vma);            // l.2561: ->close and vm_area_free() under the read lock only
    return 1;                  // downgraded
}

int do_vmi_munmap(mm_struct* mm, unsigned long start, unsigned long len) {
    KERNEL_FUNCTION();
    const unsigned long end = start + PAGE_ALIGN(len);
    // vma_find(vmi, end): the tree's entry, if its range meets [start, end).
    vm_area_struct* vma = plain_read(mm->mm_mt);
    if (!vma || start >= w().vm_end || end <= w().vm_start) return 0;
    return do_vmi_align_munmap(vma, mm);
}

// munmap(addr, len): __vm_munmap(addr, len, true), downgrading when it can.
int __vm_munmap(mm_struct* mm, unsigned long start, unsigned long len) {
    KERNEL_FUNCTION();
    label("munmap.lock");
    if (mmap_write_lock_killable(mm)) return -EINTR;
    int ret = do_vmi_munmap(mm, start, len);
    if (ret == 1) {
        label("munmap.unlock");
        mmap_read_unlock(mm);
        ret = 0;
    } else {
        mmap_write_unlock(mm);
    }
    return ret;
}

// ---- mm/mmap.c: mmap_region() of v6.1-rc1 and v6.1-rc2 --------------------------------------

// call_mmap(): file->f_op->mmap(), binder_mmap() for a binder fd.
int call_mmap(binder_proc* proc, vm_area_struct* vma) {
    KERNEL_FUNCTION();
    return binder_mmap(proc, vma);
}

// A file mapping of the whole range, with no neighbours (no expansion, no merge).
long mmap_region(mm_struct* mm, binder_proc* proc, unsigned long addr, unsigned long len) {
    KERNEL_FUNCTION();
    label("mmap.alloc");
    vm_area_struct* vma = vm_area_alloc(mm);
    if (!vma) return -ENOMEM;
    plain_write(vma->vm_start, addr);
    plain_write(vma->vm_end, addr + len);
    plain_write(vma->vm_flags, VM_READ | VM_MAYREAD | VM_MAYWRITE);
    label("call_mmap");
    long error = call_mmap(proc, vma);
    if (error) goto unmap_and_free_vma;
    {
        // v6.1-rc1 warns if the driver moved the vma and goes on from where it is; in the same
        // v6.1-rc2 pull a57b70519d1f made that a WARN_ON() that goes to close_and_free_vma.
        // binder_mmap() never moves it, so both read vm_start and go on.
        const unsigned long start = plain_read(vma->vm_start);
        WARN_ON_ONCE(addr != start, "addr != vma->vm_start");
        addr = start;
    }
    // vm_flags changed in ->mmap(), but with no prev there is nothing to merge with.
    // arch_validate_flags() is `true` on these architectures (deb0f6562884 had already sent
    // its failure to close_and_free_vma).
    if (mas_preallocate(vma)) {
        error = -ENOMEM;
        // The one goto 5789151e48ac changed (l.2681-2687 of the mm/mmap.c it patched).
        if (c().close_on_prealloc_failure) goto close_and_free_vma;
        goto unmap_and_free_vma;
    }
    // vma_mas_store(): never reached in this scenario, whose preallocation always fails.
    rcu_assign_pointer(mm->mm_mt, vma);
    return static_cast<long>(addr);

close_and_free_vma:
    vm_ops_close(vma);
unmap_and_free_vma:
    // fput(vma->vm_file); vma->vm_file = NULL: the file is not modelled.
    unmap_region(mm);  // undo any partial mapping done by the driver
    vm_area_free(vma);  // free_vma:
    return error;
}

// vm_mmap_pgoff() (mm/util.c): the mmap syscall's lock around do_mmap() and mmap_region().
long vm_mmap_pgoff(mm_struct* mm, binder_proc* proc) {
    KERNEL_FUNCTION();
    label("mmap.lock");
    if (mmap_write_lock_killable(mm)) return -EINTR;
    const long ret = mmap_region(mm, proc, w().vm_start, w().vm_end - w().vm_start);
    label("mmap.unlock");
    mmap_write_unlock(mm);
    return ret;
}

// ---- the checker ---------------------------------------------------------------------------

// P2: alloc->vma is dereferenced only while the vma is alive (a use after free of V is P2).
// P3: no page is inserted after vma_close.
class lifetime_checker final : public detail::checker {
public:
    explicit lifetime_checker(world& s) : s_(s) {}

    const char* use_after_free_invariant(std::int32_t object) const override {
        return object == s_.vma.id ? "P2" : nullptr;
    }

    void after_step(machine& m) override {
        const value_t pte = m.mem.cells[s_.mm.pte.cell];
        if (!pte_ && pte && m.mem.cells[s_.vma.g_closed]) {
            m.add_verdict({"P3",
                           "P3 broken: " + m.threads_[m.self()].name + " maps a page at the binder buffer's address after ->close ran on " +
                               m.object(s_.vma.id).name + ": binder_vma_close() has cleared alloc->vma, and the range is being torn down",
                           m.steps, {m.self()}, {}});
        }
        pte_ = pte;
    }

    void reset(const machine& m) override { pte_ = m.mem.cells[s_.mm.pte.cell]; }

private:
    world& s_;
    value_t pte_ = 0;
};

code code_for(const std::string& variant) {
    if (variant == "read-lock") return {false, false, true};
    if (variant == "write-lock" || variant == "5789151e48ac") return {true, false, true};
    if (variant == "no-close") return {true, false, false};
    if (variant == "vma-addr") return {false, true, false};
    throw config_error("variant '" + variant + "' is not one of binder_alloc's vma-lifetime variants");
}

variant_info lifetime_variant(const char* name, const char* summary, bool broken) {
    return {name, "alloc-lifetime", summary, {}, broken, ""};
}

}  // namespace

std::vector<variant_info> variants() {
    return {
        lifetime_variant("read-lock",
                         "0fa53349c3ac (v6.4-rc4, the parent of d1d8875c8c13): binder_update_page_range() takes "
                         "mmap_lock for read (720c24192404) and uses the cached alloc->vma, while munmap frees the vma "
                         "after downgrading to read (dd2283f2605e)",
                         true),
        lifetime_variant("write-lock",
                         "d1d8875c8c13 (v6.4): binder_update_page_range() takes mmap_lock for write again, so it waits "
                         "until munmap's teardown is over and finds alloc->vma NULL",
                         false),
        lifetime_variant("no-close",
                         "mmap_region() of v6.1-rc1 (the maple tree, d4af56c5c7c6): a failed mas_preallocate() frees "
                         "the vma without ->close; binder caches alloc->vma as v6.4 does (after c0fd2101781e)",
                         true),
        lifetime_variant("5789151e48ac",
                         "5789151e48ac (v6.1-rc2): a failed mas_preallocate() goes to close_and_free_vma, whose ->close "
                         "clears alloc->vma before the vma is freed; binder as in v6.4",
                         false),
    };
}

std::vector<scenario_info> scenarios() {
    return {
        {munmap_scenario, "munmap frees the vma binder still uses (d1d8875c8c13)",
         "M unmaps binder's buffer mapping while B's transaction installs a page in it: munmap downgrades "
         "mmap_lock to read (dd2283f2605e) before ->close and vm_area_free(), and binder installs pages under "
         "the read lock (720c24192404). Fixed by d1d8875c8c13 (P2, P3)",
         0, false, "read-lock", "", "write-lock", memory_model::sc},
        {mmap_undo_scenario, "A failed mmap leaves alloc->vma dangling (5789151e48ac)",
         "M's mmap of binder succeeds in ->mmap(), then mas_preallocate() fails (fault injection: M's fail-nth "
         "makes that allocation the one that fails) and mmap_region() frees the vma; S's later transaction uses "
         "alloc->vma. Without ->close it dangles (v6.1-rc1); 5789151e48ac calls ->close first (P2)",
         0, false, "no-close", "", "5789151e48ac", memory_model::sc},
    };
}

std::map<std::string, std::vector<std::string>> scenario_variants() {
    return {
        {munmap_scenario, {"read-lock", "write-lock", "vma-addr"}},
        {mmap_undo_scenario, {"no-close", "5789151e48ac", "vma-addr"}},
    };
}

std::vector<std::string> points() {
    return {
        "munmap.lock",     "munmap.detach",  "munmap.downgrade", "unmap_region",  "vma_close",
        "vm_area_free",    "munmap.unlock",  "new_buf.lock",     "new_buf.check", "page_range.mmget",
        "page_range.lock", "page_range.vma", "vm_insert_page",   "set_pte_at",    "page_range.unlock",
        "mmap.lock",       "mmap.alloc",     "call_mmap",        "binder_mmap",   "set_vma",
        "mas_preallocate", "mmap.unlock",
    };
}

std::vector<thread_info> threads_of(const run_config& cfg, const scenario_info& s) {
    if (cfg.readers != 0) throw config_error(s.name + " has a fixed set of threads; --readers does not apply");
    if (cfg.rounds != 1) throw config_error(s.name + " runs one " + (s.name == munmap_scenario ? "munmap" : "mmap") +
                                            " and one transaction; --rounds does not apply");
    if (cfg.scaled) throw config_error(s.name + " has no refcount word to scale; --scaled and --real do not apply");
    if (s.name == munmap_scenario) return {{"M", "munmap"}, {"B", "sender"}};
    return {{"M", "mmap"}, {"S", "sender"}};
}

void build(machine& m, const run_config& cfg) {
    auto s = std::make_shared<world>();
    m.scenario_state = s;
    s->c = code_for(cfg.variant);
    const bool mapped = cfg.scenario == munmap_scenario;  // munmap: the mapping is there already

    const std::int32_t globals = m.add_object("binder", "binder globals");
    s->mmap_lock_global = make_mutex(m, globals, "binder_alloc_mmap_lock");
    s->vm_ops = m.add_object("binder_vm_ops", "vm_operations_struct");

    const std::int32_t slab = m.add_object("slab", "kmem_cache");
    s->vm_area_cachep = {"vm_area_cachep", false, {}, m.add_field(slab, "vm_area_cachep frees", field_kind::integer, 0)};

    mm_struct& mm = s->mm;
    mm.id = m.add_object("mm", "mm_struct");
    m.object_ptr[mm.id] = &mm;
    mm.mmap_lock = make_rw_semaphore(m, mm.id, "mmap_lock");
    mm.mm_users.counter = m.add_field(mm.id, "mm_users", field_kind::integer, 1);
    mm.ptl = make_spinlock(m, mm.id, "ptl");
    mm.pte.cell = m.add_field(mm.id, "pte", field_kind::pointer, 0);

    vm_area_struct& vma = s->vma;
    vma.id = m.add_object("V", "vm_area_struct");
    m.object_ptr[vma.id] = &vma;
    vma.vm_start.cell = m.add_field(vma.id, "vm_start", field_kind::integer, mapped ? static_cast<value_t>(s->vm_start) : 0);
    vma.vm_end.cell = m.add_field(vma.id, "vm_end", field_kind::integer, mapped ? static_cast<value_t>(s->vm_end) : 0);
    vma.vm_flags.cell = m.add_field(vma.id, "vm_flags", field_kind::flags,
                                    mapped ? static_cast<value_t>(VM_READ | VM_MAYREAD | VM_DONTCOPY | VM_MIXEDMAP) : 0);
    std::vector<std::string> vm_flag_names(29);
    vm_flag_names[0] = "READ", vm_flag_names[1] = "WRITE", vm_flag_names[4] = "MAYREAD", vm_flag_names[5] = "MAYWRITE";
    vm_flag_names[17] = "DONTCOPY", vm_flag_names[28] = "MIXEDMAP";
    m.field_of(vma.vm_flags.cell).bit_names = std::move(vm_flag_names);
    vma.vm_mm.cell = m.add_field(vma.id, "vm_mm", field_kind::pointer, mapped ? mm.id : 0);
    vma.vm_ops.cell = m.add_field(vma.id, "vm_ops", field_kind::pointer, mapped ? s->vm_ops : 0);
    vma.vm_private_data.cell = m.add_field(vma.id, "vm_private_data", field_kind::pointer, 0);
    m.meta(vma.id).life_cell = m.add_field(vma.id, "slab", field_kind::life, mapped ? 1 : 0);
    s->vm_area_cachep.objects.push_back(vma.id);
    vma.g_closed = m.add_field(vma.id, "closed", field_kind::ghost, 0);
    mm.mm_mt.cell = m.add_field(mm.id, "mm_mt", field_kind::pointer, mapped ? vma.id : 0);

    binder_proc& proc = s->proc;
    proc.id = m.add_object("proc", "binder_proc");
    m.object_ptr[proc.id] = &proc;
    proc.tsk.cell = m.add_field(proc.id, "tsk", field_kind::pointer, 0);
    m.mem.cells[vma.vm_private_data.cell] = mapped ? proc.id : 0;

    binder_alloc& alloc = proc.alloc;
    alloc.id = m.add_object("alloc", "binder_alloc");
    alloc.mm = &mm;
    alloc.lock = make_mutex(m, alloc.id, "mutex");
    const bool cached = !s->c.vma_addr;
    alloc.vma.cell = m.add_field(alloc.id, "vma", field_kind::pointer, mapped && cached ? vma.id : 0);
    alloc.vma_addr.cell = m.add_field(alloc.id, "vma_addr", field_kind::integer,
                                      mapped && !cached ? static_cast<value_t>(s->vm_start) : 0);
    alloc.vma_vm_mm.cell = m.add_field(alloc.id, "vma_vm_mm", field_kind::pointer, mapped && !cached ? mm.id : 0);
    alloc.buffer.cell = m.add_field(alloc.id, "buffer", field_kind::integer, mapped ? static_cast<value_t>(s->vm_start) : 0);

    s->lru.id = m.add_object("pages[0]", "binder_lru_page");
    m.object_ptr[s->lru.id] = &s->lru;
    s->lru.page_ptr.cell = m.add_field(s->lru.id, "page_ptr", field_kind::pointer, 0);
    s->buffer.id = m.add_object("buffer", "binder_buffer");
    m.object_ptr[s->buffer.id] = &s->buffer;
    s->buffer.user_data.cell = m.add_field(s->buffer.id, "user_data", field_kind::integer,
                                           mapped ? static_cast<value_t>(s->vm_start) : 0);
    s->page = m.add_object("page", "page");

    const value_t size = static_cast<value_t>(std::min(s->vm_end - s->vm_start, SZ_4M));
    alloc.pages.cell = m.add_field(alloc.id, "pages", field_kind::pointer, mapped ? s->lru.id : 0);
    alloc.free_buffers.cell = m.add_field(alloc.id, "free_buffers", field_kind::pointer, mapped ? s->buffer.id : 0);
    alloc.free_async_space.cell = m.add_field(alloc.id, "free_async_space", field_kind::integer, mapped ? size / 2 : 0);
    alloc.buffer_size.cell = m.add_field(alloc.id, "buffer_size", field_kind::integer, mapped ? size : 0);

    const unsigned long start = s->vm_start, len = s->vm_end - s->vm_start;
    const auto sender = [a = &alloc] { binder_alloc_new_buf(a); };
    if (mapped) {
        m.add_thread("M", "munmap", mm.id, [p = &mm, start, len] { __vm_munmap(p, start, len); });
        m.add_thread("B", "sender", 0, sender);
        m.mem.cells[proc.tsk.cell] = m.task_of(0)->id;
    } else {
        const thread_id t = m.add_thread("M", "mmap", mm.id, [p = &mm, pr = &proc] { vm_mmap_pgoff(p, pr); });
        m.add_thread("S", "sender", 0, sender);
        m.mem.cells[proc.tsk.cell] = m.task_of(t)->id;
        s->fail_nth.cell = m.add_field(m.task_of(t)->id, "fail_nth", field_kind::integer, 1);
    }
    m.check = std::make_unique<lifetime_checker>(*s);
}

namespace {
struct source_row {
    std::string_view function;
    const char* file;
};
constexpr const char* binder_alloc_c = "drivers/android/binder_alloc.c";
constexpr const char* binder_c = "drivers/android/binder.c";
constexpr const char* mmap_c = "mm/mmap.c";
constexpr const char* mmap_lock_h = "include/linux/mmap_lock.h";
constexpr std::array sources{
    source_row{"binder_alloc_new_buf", binder_alloc_c},
    source_row{"binder_alloc_new_buf_locked", binder_alloc_c},
    source_row{"binder_alloc_get_vma", binder_alloc_c},
    source_row{"binder_alloc_set_vma", binder_alloc_c},
    source_row{"binder_update_page_range", binder_alloc_c},
    source_row{"binder_alloc_mmap_handler", binder_alloc_c},
    source_row{"binder_alloc_vma_close", binder_alloc_c},
    source_row{"binder_mmap", binder_c},
    source_row{"binder_vma_close", binder_c},
    source_row{"vm_mmap_pgoff", "mm/util.c"},
    source_row{"mmap_region", mmap_c},
    source_row{"__vm_munmap", mmap_c},
    source_row{"do_vmi_munmap", mmap_c},
    source_row{"do_vmi_align_munmap", mmap_c},
    source_row{"remove_mt", mmap_c},
    source_row{"remove_vma", mmap_c},
    source_row{"unmap_region", mmap_c},
    source_row{"call_mmap", "include/linux/fs.h"},
    source_row{"vma_lookup", "include/linux/mm.h"},
    source_row{"mas_preallocate", "lib/maple_tree.c"},
    source_row{"should_failslab", "mm/failslab.c"},
    source_row{"should_fail", "lib/fault-inject.c"},
    source_row{"vm_area_alloc", "kernel/fork.c"},
    source_row{"vm_area_free", "kernel/fork.c"},
    source_row{"mmput", "kernel/fork.c"},
    source_row{"mmget_not_zero", "include/linux/sched/mm.h"},
    source_row{"vm_insert_page", "mm/memory.c"},
    source_row{"insert_page", "mm/memory.c"},
    source_row{"insert_page_into_pte_locked", "mm/memory.c"},
    source_row{"mmap_read_lock", mmap_lock_h},
    source_row{"mmap_read_unlock", mmap_lock_h},
    source_row{"mmap_write_lock", mmap_lock_h},
    source_row{"mmap_write_lock_killable", mmap_lock_h},
    source_row{"mmap_write_unlock", mmap_lock_h},
    source_row{"mmap_write_downgrade", mmap_lock_h},
};
}  // namespace

const char* kernel_file_of(std::string_view function) {
    for (const source_row& row : sources)
        if (row.function == function) return row.file;
    return nullptr;
}

}  // namespace lockstep::binder_alloc::lifetime
