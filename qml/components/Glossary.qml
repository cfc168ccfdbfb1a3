import QtQuick
import Lockstep

// Help > Glossary: the kernel words the lanes, cards and lessons use, for someone who has
// had one course on operating systems.
HelpSheet {
    title: qsTr("Glossary")
    intro: qsTr("The words the window and the lessons use, in the order you meet them.")
    entries: [
        [qsTr("## Memory and its locks"), ""],
        [qsTr("mm (struct mm_struct)"), qsTr("One process's address space: the list of its memory areas and the locks that guard them. Threads of one process share one mm.")],
        [qsTr("vma (struct vm_area_struct)"), qsTr("One memory area of a process: a range of addresses with the same permissions and backing (a mapped file, the heap, a stack). A page fault first finds the vma that holds the faulting address.")],
        [qsTr("mm_mt (the vma tree)"), qsTr("The maple tree in the mm that maps addresses to vmas. Page faults look vmas up in it without taking mmap_lock, under RCU.")],
        [qsTr("mmap_lock"), qsTr("The mm's read/write semaphore. Changing the address space (mmap, munmap, mprotect) takes it for writing; before per-VMA locks every page fault took it for reading, so one writer stalled every fault of the process.")],
        [qsTr("per-VMA lock"), qsTr("A lock in each vma so a page fault can lock just the area it needs and leave mmap_lock alone. A writer who holds mmap_lock for writing still excludes the readers of one vma through it.")],
        [qsTr("vm_refcnt"), qsTr("The per-VMA lock since v6.15: one counter per vma. 1 means attached to the tree, each reader adds 1, and a writer adds the large writer bit (VMA_LOCK_OFFSET) and waits for the readers to leave. 0 means detached: no longer in the tree.")],
        [qsTr("VMA_LOCK_OFFSET (the writer bit)"), qsTr("The bit the writer adds to vm_refcnt: 0x40000000 in the kernel, 8 in the scaled teaching word. Readers refuse a count that is at or above the limit below it, so they see the writer at once. Shown as OFFSET, never as a letter that looks like zero.")],
        [qsTr("vm_lock_seq / mm_lock_seq"), qsTr("Sequence numbers. The writer copies mm_lock_seq into vm_lock_seq of each vma it locks; when mmap_lock is released, mm_lock_seq moves on. A reader that sees the two equal knows a writer still holds that vma.")],
        [qsTr("detach / attach"), qsTr("Taking a vma out of the tree (munmap) and putting it in. A detached vma must not gain readers, and is freed once its count is 0.")],
        [qsTr("mmgrab / mmdrop"), qsTr("Pin and unpin an mm_struct itself (not its memory), so it is not freed while someone still looks at it.")],
        [qsTr("## Primitives"), ""],
        [qsTr("refcount_t"), qsTr("The kernel's reference counter: an atomic integer that refuses to go from 0 back up and saturates instead of overflowing, so a counting bug leaks memory rather than freeing it while in use.")],
        [qsTr("RCU (read-copy-update)"), qsTr("A way to read shared data with no lock at all. Readers mark a read section (rcu_read_lock … rcu_read_unlock); a writer removes an object and frees it only after every reader that might still see it has left its section. So inside a section a looked-up vma may be stale, but its memory is not reused.")],
        [qsTr("SLAB_TYPESAFE_BY_RCU"), qsTr("A slab whose objects can be freed and reused for another object of the same type even during an RCU read section: a reader may find a vma that now belongs to another mm, and must check.")],
        [qsTr("rcuwait"), qsTr("A slot for exactly one sleeping task. The writer parks itself there while readers drain; the last reader to leave wakes it. If the wake is missed, the writer sleeps forever: a lost wakeup.")],
        [qsTr("wait queue"), qsTr("A list of sleeping tasks with a condition. wake_up wakes them (exclusive waiters one at a time); each rechecks its condition before it sleeps, so a wake between check and sleep is not lost.")],
        [qsTr("rw_semaphore (rwsem)"), qsTr("A sleeping read/write lock. Waiters are served in order from a FIFO list, so a reader's trylock fails while a writer is waiting.")],
        [qsTr("mutex"), qsTr("A sleeping lock with one owner. Only the owner may unlock it.")],
        [qsTr("spinlock"), qsTr("A lock that busy-waits instead of sleeping, held for short sections only.")],
        [qsTr("READ_ONCE / WRITE_ONCE"), qsTr("One plain load or store that the compiler may not split, merge or repeat. No ordering with other accesses.")],
        [qsTr("acquire / release, smp_wmb"), qsTr("Memory ordering. Whoever reads a value with acquire sees everything the writer did before its release store; smp_wmb orders two stores. Each step in the lanes names the ordering the kernel uses.")],
        [qsTr("cmpxchg"), qsTr("Compare and exchange: store a new value only if the old one is still what was read, atomically; otherwise retry.")],
        [qsTr("## Binder and the OOM killer"), ""],
        [qsTr("binder"), qsTr("Android's inter-process call mechanism, a driver. Processes send transactions; binder threads of the receiving process wait for work and answer.")],
        [qsTr("binder_main_lock"), qsTr("Binder's single global mutex up to v4.14: nearly every binder call held it.")],
        [qsTr("looper"), qsTr("A binder thread's bits saying what it is (registered, entered, waiting, must return). Losing a bit loses a state change.")],
        [qsTr("ready_threads"), qsTr("The count of a process's binder threads waiting for process work, used to decide whether to spawn more.")],
        [qsTr("OOM killer"), qsTr("When memory runs out, the page allocator picks a victim task, sends it SIGKILL and marks it TIF_MEMDIE, then waits for the victim to exit and free its memory.")],
        [qsTr("OOM reaper"), qsTr("A kernel thread (v4.6 on) that frees a victim's memory without waiting for the victim to run, so the allocator no longer depends on the victim exiting.")],
        [qsTr("TIF_MEMDIE / SIGKILL"), qsTr("The marks of an OOM victim: it may use memory reserves to exit, and a pending SIGKILL ends any interruptible sleep.")],
        [qsTr("task states R, S, D"), qsTr("As ps shows them: R runnable, S sleeping interruptibly (a signal wakes it), D sleeping uninterruptibly (nothing wakes it but the event it waits for, not even SIGKILL).")],
        [qsTr("## Lockstep's own words"), ""],
        [qsTr("step"), qsTr("One operation of one thread: a load, a store, an atomic, a lock call. Threads interleave only between steps.")],
        [qsTr("schedule"), qsTr("Which thread takes each step, as text: \"R1*3 W R2\" is three steps of R1, one of W, one of R2. It replays a run exactly, in the window and with lockstep-cli.")],
        [qsTr("variant, switch"), qsTr("A variant is one version of the algorithm (a kernel release or a proposed patch); a switch is one change in it, named after the commit or review it comes from.")],
        [qsTr("invariant, verdict"), qsTr("A rule the checker tests after every step (Help > Invariants); a verdict is a broken one, with the step where it broke.")],
        [qsTr("lost wakeup, deadlock, use after free"), qsTr("A sleeper whose wake came before it slept or never came; threads waiting for each other in a circle; memory read or written after it was freed.")]
    ]
}
