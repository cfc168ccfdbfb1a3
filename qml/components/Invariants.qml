import QtQuick
import Lockstep

// Help > Invariants: what the checker tests after every step, in plain words. A verdict names
// one of these (V1 … V7 for the per-VMA lock, K1 … K4 for binder, P1 … P3 for binder_alloc, and
// a litmus test's final state).
HelpSheet {
    title: qsTr("Invariants")
    intro: qsTr("After every step the checker tests these rules against the state. When one breaks, the banner names it and V jumps to the step.")
    entries: [
        [qsTr("## The per-VMA lock"), ""],
        [qsTr("V1 exclusion"), qsTr("Once the writer has seen that the vma's readers are gone, and until it lets go of mmap_lock, no reader is inside the vma. A reader is inside from a successful vma_start_read to its vma_end_read.")],
        [qsTr("V2 accounting"), qsTr("vm_refcnt is exactly what it is made of: 1 if attached, plus one per reader (counting those that are just trying), plus the writer bit while a writer waits. Readers stay below the limit, and the counter never saturates.")],
        [qsTr("V3 one writer"), qsTr("Only the thread that holds mmap_lock for writing sets the writer bit, and only one thread sets it at a time.")],
        [qsTr("V4 detached means zero"), qsTr("A vma is detached exactly when its count is 0 (outside the short moments of an update). Detaching ends at 0, the vma is freed only at 0, and 0 becomes 1 only by attaching the vma, never by a reader's increment.")],
        [qsTr("V5 sequence under the lock"), qsTr("vm_lock_seq is written only by the holder of mmap_lock for writing.")],
        [qsTr("V6 check before use"), qsTr("A reader uses a vma's fields only after its increment succeeded and it checked that the vma still belongs to its mm and covers the address. After dropping its count it touches an mm only if the mm is its own or it pinned it with mmgrab.")],
        [qsTr("V7 liveness"), qsTr("No thread sleeps forever while the thing it waits for has already happened (a lost wakeup), and every thread finishes.")],
        [qsTr("## Binder"), ""],
        [qsTr("K1 no wait cycle"), qsTr("Draw an arrow from each waiting task to the one it waits for: the owner of a lock it wants, or, for the page allocator, the OOM victim it waits to exit. The arrows never form a circle; a circle is a deadlock.")],
        [qsTr("K2 a killed task can leave"), qsTr("A task with SIGKILL pending never sleeps uninterruptibly (D) on a lock whose holder is itself stuck: it could never exit and free its memory.")],
        [qsTr("K3 looper bits and ready_threads"), qsTr("No looper bit is lost by two updates racing, and while binder_main_lock is held ready_threads equals the number of threads waiting for process work.")],
        [qsTr("K4 one unlock per lock"), qsTr("binder_main_lock is released exactly once per acquisition, and by the task that took it.")],
        [qsTr("## Binder's allocator"), ""],
        [qsTr("P1 published means ready"), qsTr("A sender that finds the allocator published (alloc->vma or alloc->mapped set) reads every field the mmap handler filled in as filled in, for the loads after its check.")],
        [qsTr("P2 no use after free"), qsTr("alloc->vma is used only while its vma is alive.")],
        [qsTr("P3 nothing after close"), qsTr("No page is inserted into the mapping after the vma's ->close has run.")],
        [qsTr("## Litmus tests"), ""],
        [qsTr("The final state"), qsTr("A litmus test names no invariant: when its threads are done, the banner shows the final state and whether the test's exists clause holds there.")]
    ]
}
