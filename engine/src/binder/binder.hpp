// The objects of binder's locking story (seed 003) and the memory side it meets: binder_proc
// and binder_thread as drivers/android/binder.c has them, the processes' mm and the one page
// each thread's ioctl argument lives on, the page allocator's free count, and the OOM
// killer's state. The code is in binder_global.cpp (binder.c of v4.4 with one global mutex,
// and the fixes proposed in seed 003), binder_fine.cpp (v4.14's fine-grained locking) and
// binder_mm.cpp (page faults, the v4.4 allocation slow path, out_of_memory(), the OOM
// reaper and do_exit()).
#pragma once

#include "../kernel.hpp"

#include <deque>
#include <vector>

namespace lockstep::binder {

using namespace lockstep::kernel;

// thread->looper bits (binder.c, enum binder_looper_state).
enum : int {
    BINDER_LOOPER_STATE_REGISTERED = 0x01,
    BINDER_LOOPER_STATE_ENTERED = 0x02,
    BINDER_LOOPER_STATE_EXITED = 0x04,
    BINDER_LOOPER_STATE_INVALID = 0x08,
    BINDER_LOOPER_STATE_WAITING = 0x10,
    BINDER_LOOPER_STATE_NEED_RETURN = 0x20,  // v4.14 reuses 0x20 as POLL; the flag moved out
};

// enum binder_deferred_state.
enum : int { BINDER_DEFERRED_PUT_FILES = 0x01, BINDER_DEFERRED_FLUSH = 0x02, BINDER_DEFERRED_RELEASE = 0x04 };

// BR_OK is _IO('r', 1) in uapi/linux/android/binder.h.
constexpr int BR_OK = 0x7201;

struct binder_thread;

// A process's address space as far as the OOM story needs it: its lock, its users, the
// anonymous pages it holds (what killing or reaping it frees), and MMF_OOM_SKIP.
struct mm_struct {
    std::int32_t id = 0;
    rw_semaphore mmap_sem;
    atomic_t mm_users;
    shared<long> anon_rss;       // get_mm_counter(mm, MM_ANONPAGES)
    shared<bool> MMF_OOM_SKIP;   // set_bit(MMF_OOM_SKIP, &mm->flags), v4.13 (the reaper's variants)
};

// The user page a thread's struct binder_write_read (and its buffers) live on: swapped out,
// a user access to it faults, and the fault has to allocate a page.
struct user_page {
    std::int32_t id = 0;
    shared<bool> present;
    mm_struct* mm = nullptr;
};

// What binder needs of a simulated thread's task_struct beyond the engine's own cells.
struct task_info {
    task_struct* task = nullptr;
    thread_id tid = no_thread;
    shared<bool> TIF_MEMDIE;
    shared<bool> PF_EXITING;
    shared<mm_struct*> mm;   // NULL after exit_mm(), and for kernel threads
    spinlock_t alloc_lock;   // task_lock()
    shared<task_struct*> next_reap;        // tsk->oom_reaper_list: the next victim queued
    user_page* bwr_page = nullptr;         // where its ioctl argument lives
    mm_struct* process_mm = nullptr;       // its process's mm (tsk->signal->oom_mm once a victim)
};

struct binder_proc {
    std::int32_t id = 0;
    shared<int> todo;           // list of binder_work, as its length
    wait_queue_head wait;       // global-lock era: threads waiting for process work
    shared<int> max_threads;
    shared<int> requested_threads;
    shared<int> requested_threads_started;
    shared<int> ready_threads;  // global-lock era
    shared<int> deferred_work;
    mutex threads_lock;         // the RFC's lock for the *_threads counters
    spinlock_t inner_lock;      // v4.14
    std::int32_t waiting_threads = -1;  // v4.14: threads waiting for process work (task queue)
    std::vector<binder_thread*> threads;  // proc->threads, in rb-tree order
    std::int32_t g_ready = -1;  // ghost: threads counted in ready_threads (between R4 and R9)
};

struct binder_thread {
    std::int32_t id = 0;
    binder_proc* proc = nullptr;
    thread_id tid = no_thread;
    // `int looper` in v4.4; an atomic_t in the RFC. One cell either way: the code reaches it
    // through looper (plain) or looper_atomic (atomic_t), as the variant's source does.
    shared<int> looper;
    atomic_t looper_atomic;
    shared<bool> looper_need_return;  // v4.14: NEED_RETURN moved out of looper
    shared<int> todo;
    shared<void*> transaction_stack;
    shared<int> return_error;
    wait_queue_head wait;
    std::int32_t g_looper = -1;  // ghost: what the updates made to looper add up to (K3)
};

// What one simulated thread asks its ioctl to do: the contents of its binder_write_read.
struct bwr_request {
    bool write_enter_looper = false;  // write buffer holds BC_ENTER_LOOPER
    bool read = true;                 // read_size > 0
};

// The variant switches, named as in the catalogue (binder_catalogue.cpp). The code tests them
// only as `if (sw().name)`, so the lanes can show each as the diff it is.
struct switches {
    bool oom_reaper = false;            // v4.6+: the oom_reaper kthread (aac453635549)
    bool rfc_unlocked_return = false;   // seed 003's RFC: threads_lock, `locked`, R8-R11 replaced
    bool looper_atomic = false;         // seed 003's RFC: looper is an atomic_t
    bool relock_interruptible = false;  // seed 003's reply, literally: mutex_lock_interruptible at R8
};

struct switch_member {
    const char* name;
    bool switches::*member;
};
inline constexpr switch_member switch_members[] = {
    {"oom_reaper", &switches::oom_reaper},
    {"rfc_unlocked_return", &switches::rfc_unlocked_return},
    {"looper_atomic", &switches::looper_atomic},
    {"relock_interruptible", &switches::relock_interruptible},
};

// Everything a scenario built, reachable from the algorithm code.
struct world {
    bool fine_grained = false;  // v4.14's code instead of the global lock's
    switches sw;
    mutex main_lock;                     // binder_main_lock
    mutex deferred_lock;                 // binder_deferred_lock
    shared<binder_proc*> deferred_list;  // binder_deferred_list: the one proc queued, or NULL
    // page allocator and OOM killer
    shared<long> nr_free_pages;  // what the free lists hold above the min watermark
    mutex oom_mutex;  // oom_lock
    atomic_t victims;                   // oom_victims
    shared<task_struct*> reaper_list;   // oom_reaper_list
    wait_queue_head reaper_wait;        // oom_reaper_wait
    spinlock_t reaper_lock;             // oom_reaper_lock
    std::deque<mm_struct> mms;
    std::deque<user_page> pages;
    std::deque<binder_proc> procs;
    std::deque<binder_thread> threads;
    std::vector<task_info> tasks;  // by thread id
};

world& the_world();
inline const switches& sw() { return the_world().sw; }
inline task_info& task_of(thread_id t) { return the_world().tasks.at(static_cast<std::size_t>(t)); }
task_info& current_info();

// The kernel's globals, by their kernel names.
#define binder_main_lock (::lockstep::binder::the_world().main_lock)
#define binder_deferred_lock (::lockstep::binder::the_world().deferred_lock)
#define binder_deferred_list (::lockstep::binder::the_world().deferred_list)
#define oom_lock (::lockstep::binder::the_world().oom_mutex)
#define oom_victims (::lockstep::binder::the_world().victims)
#define oom_reaper_list (::lockstep::binder::the_world().reaper_list)
#define oom_reaper_wait (::lockstep::binder::the_world().reaper_wait)
#define oom_reaper_lock (::lockstep::binder::the_world().reaper_lock)

// ---- the global-lock driver (binder_global.cpp) and v4.14's (binder_fine.cpp) -------------

namespace global {
long binder_ioctl(binder_proc* proc, binder_thread* thread, const bwr_request& bwr);
void binder_deferred_func();
}  // namespace global
namespace fine {
long binder_ioctl(binder_proc* proc, binder_thread* thread, const bwr_request& bwr);
void binder_deferred_func();
}  // namespace fine

// thread->looper |= bits and &= ~bits as the era's code wrote them: plain load and store
// (two steps) with an int, one atomic_or / atomic_and with the RFC's atomic_t.
void looper_or(binder_thread* thread, int bits);
void looper_clear(binder_thread* thread, int bits);
int looper_read(binder_thread* thread);

// A binder_work list, kept as its length: list_empty() is one load, list_del() of the first
// entry one update.
bool list_empty(const shared<int>& list, loc where = loc::current());
void list_del(shared<int>& list, loc where = loc::current());

// x++ / x-- on a plain int: a load, then a store.
void plain_inc(shared<int>& x);
void plain_dec(shared<int>& x);

// ---- user memory, the page allocator, the OOM killer (binder_mm.cpp) -----------------------

// copy_from_user() / copy_to_user() / get_user() / put_user(): a user access to `page`,
// which faults (and allocates) while the page is not present. Returns 0 (never -EFAULT here).
int copy_from_user(user_page& page);
int copy_to_user(user_page& page);
int get_user(user_page& page);
int put_user(user_page& page);

// The OOM reaper kthread's body (v4.13's mm/oom_kill.c).
void oom_reaper();
// do_exit() of a thread killed by SIGKILL, as far as the story goes: PF_EXITING, exit_mm().
void do_exit();

// Ghost bookkeeping for the checker.
namespace ghost {
void looper_changed(binder_thread* thread, int set_bits, int clear_bits);
void ready(binder_proc* proc, bool counted);
}  // namespace ghost

}  // namespace lockstep::binder
