#include "bindermodel.h"

#include "objectreader.h"

#include <QVariantMap>

#include <map>

using namespace lockstep;

BinderModel::BinderModel(QObject* parent)
    : RowsModel({{NameRole, "name"},
                 {KindRole, "kind"},
                 {TypeRole, "type"},
                 {FieldsRole, "fields"},
                 {GhostsRole, "ghosts"},
                 {InCycleRole, "inCycle"},
                 {ChangedRole, "changed"}},
                parent) {}

namespace {

const object_info* findObject(const snapshot& s, const std::string& name, const char* type) {
    for (const auto& o : s.shape->objects)
        if (o.name == name && o.type == type) return &o;
    return nullptr;
}

// Builds the rows of one card from its objects; knows the previous cells to say what changed.
class CardBuilder {
public:
    CardBuilder(const snapshot& s, const std::vector<value_t>& previous, const std::set<std::string>& cycle)
        : m_s(s), m_previous(previous), m_cycle(cycle) {}

    // Bits a K3 verdict says were lost from this card's looper ("NEED_RETURN").
    QStringList lostBits;

    QVariantList fields;
    QVariantList ghosts;
    QStringList changed;
    bool inCycle = false;

    void section(const QString& title) {
        QVariantMap row = line(title, QString(), QString());
        row["kind"] = "section";
        fields << row;
    }

    // Every line has every key, so a delegate never reads an undefined one.
    static QVariantMap line(const QString& label, const QString& key, const QString& tip) {
        return {{"kind", "value"},
                {"label", label},
                {"key", key},
                {"value", QString()},
                {"tip", tip},
                {"tone", QString()},
                {"strong", false},
                {"changed", false},
                {"inCycle", false},
                {"lost", QString()},
                {"waiters", QVariantList()},
                {"bits", QVariantList()}};
    }

    // A plain value; `text` overrides the kernel's formatting of it.
    void value(const object_info& o, const char* field, const QString& label = {}, const QString& text = {},
               bool strong = false, const QString& tone = {}, const QString& tip = {}) {
        const ObjectReader r(m_s, o, nullptr);
        if (!r.has(field)) return;
        QVariantMap row = base(o, field, label.isEmpty() ? QString::fromUtf8(field) : label, tip);
        row["kind"] = "value";
        row["value"] = text.isEmpty() ? r.text(field) : text;
        row["strong"] = strong;
        row["tone"] = tone;
        row["changed"] = touched(o, {field});
        fields << row;
    }

    // A mutex, spinlock or rw_semaphore by its name: "free", "held by B7", "read, held by
    // B1, B7", with its wait list in the order the kernel serves it.
    void lock(const object_info& o, const std::string& name, const QString& tip = {}) {
        const ObjectReader r(m_s, o, nullptr);
        const std::string owner = name + ".owner";
        if (!r.has(owner.c_str())) return;
        const QString writer = r.pointee(owner.c_str());
        const bool rwsem = r.has((name + ".read holders").c_str());
        const QStringList readers = rwsem ? threadNames(m_s, r.value((name + ".read holders").c_str())) : QStringList();
        QString text = QObject::tr("free");
        if (!writer.isEmpty())
            text = rwsem ? QObject::tr("write, held by %1").arg(writer) : QObject::tr("held by %1").arg(writer);
        else if (!readers.isEmpty())
            text = QObject::tr("read, held by %1").arg(readers.join(QStringLiteral(", ")));
        const std::string key = o.name + "." + name;
        const bool onCycle = m_cycle.count(key) > 0;
        inCycle = inCycle || onCycle;

        QVariantMap row = base(o, name.c_str(), q(name), tip);
        row["kind"] = "lock";
        row["value"] = text;
        row["strong"] = !writer.isEmpty() || !readers.isEmpty();
        row["tone"] = onCycle ? QStringLiteral("danger") : QString();
        row["inCycle"] = onCycle;
        row["waiters"] = waiters(r, (name + ".wait_list").c_str());
        row["changed"] = touchedPrefix(o, name);
        fields << row;
    }

    // A wait queue (or a list of waiting threads), first entry first; in a wait_queue_head an
    // entry's write flag is WQ_FLAG_EXCLUSIVE: wake_up() wakes one exclusive waiter, in order.
    void queue(const object_info& o, const char* field, const QString& tip = {}) {
        const ObjectReader r(m_s, o, nullptr);
        if (!r.has(field)) return;
        const QVariantList list = waiters(r, field);
        QStringList names;
        for (const QVariant& w : list) {
            const QVariantMap m = w.toMap();
            names << (m["exclusive"].toBool() ? QObject::tr("%1 (exclusive)").arg(m["name"].toString()) : m["name"].toString());
        }
        QVariantMap row = base(o, field, QString::fromUtf8(field), tip);
        row["kind"] = "queue";
        row["value"] = names.isEmpty() ? QObject::tr("empty") : names.join(QStringLiteral(" → "));
        row["strong"] = !names.isEmpty();
        row["waiters"] = list;
        row["changed"] = touched(o, {field});
        fields << row;
    }

    // A flags word as its named bits, most significant first. `ghost` is the checker's record of
    // the word as every update left it: a bit it has and the word lacks was lost (K3).
    void bits(const object_info& o, const char* field, const char* ghost, const QString& tip = {}) {
        const ObjectReader r(m_s, o, nullptr);
        const field_info* f = r.find(field);
        if (!f) return;
        const value_t word = r.value(field);
        const value_t record = r.has(ghost) ? r.value(ghost) : word;
        const value_t before = m_previous.size() == m_s.cells.size() ? m_previous[f->cell] : word;
        QVariantList list;
        QStringList lost;
        for (int b = static_cast<int>(f->bit_names.size()) - 1; b >= 0; --b) {
            const bool on = (word >> b) & 1;
            const QString name = q(f->bit_names[static_cast<std::size_t>(b)]);
            const bool gone = !on && (((record >> b) & 1) || lostBits.contains(name));
            if (gone) lost << name;
            list << QVariantMap{{"index", b},
                                {"name", name},
                                {"on", on},
                                {"lost", gone},
                                {"changed", (((before ^ word) >> b) & 1) != 0}};
        }
        QVariantMap row = base(o, field, QString::fromUtf8(field), tip);
        row["kind"] = "bits";
        row["value"] = r.text(field);
        row["strong"] = word != 0;
        row["tone"] = lost.isEmpty() ? QString() : QStringLiteral("danger");
        row["lost"] = lost.join(QStringLiteral(", "));
        row["bits"] = list;
        row["changed"] = touched(o, {field});
        fields << row;
    }

    // Checker bookkeeping of an object, apart from its kernel fields.
    void ghostsOf(const object_info& o) {
        for (const auto& f : o.fields) {
            if (f.kind != field_kind::ghost) continue;
            const value_t v = m_s.cells[f.cell];
            // The ghost of a flags word reads best with the word's own bit names.
            QString text = q(format_value(*m_s.shape, f, v));
            if (const auto* word = find_field(*m_s.shape, o.name, "looper"); word && f.name == "looper as updated")
                text = q(format_value(*m_s.shape, *word, v));
            ghosts << QVariantMap{{"label", q(f.name)},
                                  {"key", q(o.name + "." + f.name)},
                                  {"value", text},
                                  {"changed", touched(o, {f.name.c_str()})}};
        }
    }

    // Collects the names of every field of `o` the last step changed.
    void collectChanged(const object_info& o) {
        if (m_previous.size() != m_s.cells.size()) return;
        for (const auto& f : o.fields)
            if (m_previous[f.cell] != m_s.cells[f.cell]) changed << q(o.name + "." + f.name);
    }

private:
    QVariantMap base(const object_info& o, const char* field, const QString& label, const QString& tip) const {
        return line(label, q(o.name) + QLatin1Char('.') + QString::fromUtf8(field), tip);
    }

    QVariantList waiters(const ObjectReader& r, const char* field) const {
        QVariantList list;
        if (!r.has(field)) return list;
        for (const queued_task& t : decode_task_queue(r.value(field))) {
            const auto i = static_cast<std::size_t>(t.thread);
            list << QVariantMap{{"name", i < m_s.shape->thread_names.size() ? q(m_s.shape->thread_names[i]) : QStringLiteral("?")},
                                {"exclusive", t.writer}};
        }
        return list;
    }

    bool touched(const object_info& o, std::initializer_list<const char*> names) const {
        if (m_previous.size() != m_s.cells.size()) return false;
        for (const auto& f : o.fields)
            for (const char* n : names)
                if (f.name == n && m_previous[f.cell] != m_s.cells[f.cell]) return true;
        return false;
    }
    bool touchedPrefix(const object_info& o, const std::string& lock) const {
        if (m_previous.size() != m_s.cells.size()) return false;
        for (const auto& f : o.fields)
            if (f.name.starts_with(lock + ".") && m_previous[f.cell] != m_s.cells[f.cell]) return true;
        return false;
    }

    const snapshot& m_s;
    const std::vector<value_t>& m_previous;
    const std::set<std::string>& m_cycle;
};

// The looper bits K3 verdicts so far say were lost, by the object whose looper lost them: the
// checker puts its record back in line with the word after each step, so the verdict (its
// field and its bits) is the only trace left.
std::map<QString, QStringList> lostLooperBits(const snapshot& s) {
    std::map<QString, QStringList> lost;
    for (const verdict& v : s.verdicts) {
        if (v.invariant != "K3" || v.cell < 0 || !v.bits) continue;
        const field_ref at = field_at(*s.shape, v.cell);
        if (!at) continue;
        lost[q(at.object->name)] << q(flag_names(*at.field, v.bits)).split(QLatin1Char('|'));
    }
    return lost;
}

QString yesNo(bool on) { return on ? QObject::tr("yes") : QObject::tr("no"); }

// enum binder_deferred_state, as binder_deferred_func() tests it.
QString deferredText(value_t v) {
    if (v == 0) return QStringLiteral("0");
    QStringList names;
    if (v & 0x01) names << QStringLiteral("PUT_FILES");
    if (v & 0x02) names << QStringLiteral("FLUSH");
    if (v & 0x04) names << QStringLiteral("RELEASE");
    return names.join(QLatin1Char('|'));
}

// uapi binder.h: BR_OK is _IO('r', 1); the others the model never sets.
QString returnErrorText(value_t v) {
    return v == 0x7201 ? QStringLiteral("BR_OK") : QStringLiteral("0x%1").arg(v, 0, 16);
}

}  // namespace

namespace {

// What a field of binder's allocator is for, shown on hover (binder_alloc.c at the versions the
// scenarios name; see shared/content/binder.md section 6).
QString allocFieldTip(const std::string& object, const std::string& field) {
    if (object == "alloc" && field == "vma")
        return QObject::tr("The vma binder_alloc_mmap_handler() published; NULL until then, and again after binder_alloc_vma_close()");
    if (object == "alloc" && field == "vma_addr")
        return QObject::tr("a43cfc87caaf: the mapping's start address; the vma is looked up again with vma_lookup() under mmap_lock");
    if (object == "alloc" && field == "mapped")
        return QObject::tr("The final design's flag: set with smp_store_release() once the mapping is set up");
    if (object == "alloc" && field == "pages") return QObject::tr("The array of binder_lru_page the mmap handler allocates");
    if (object == "alloc" && field == "buffer") return QObject::tr("The user address of the buffer space (the vma's start)");
    if (field == "closed") return QObject::tr("->close ran (binder_vma_close()): no page may be inserted after it (P3)");
    if (field == "slab") return QObject::tr("The vma's slab life: vm_area_free() frees it, and alloc->vma must not be used after (P2)");
    if (field == "page_ptr") return QObject::tr("The page binder installed in the vma, NULL until it does");
    return {};
}

}  // namespace

// binder's allocator (family binder_alloc): each object as the engine lays it out, a lock as a
// lock and every other field in a line. The weak fields stay in the store strip, which shows
// every store a thread may still read; an object with nothing else to show has no card.
void BinderModel::allocCards(const snapshot& s, const std::vector<value_t>& previous, const std::set<std::string>& cycleKeys,
                             std::vector<Row>& rows) const {
    std::set<std::int32_t> weak;
    for (const auto& l : s.weak) weak.insert(l.cell);
    // The allocator and what it points at first, the globals after.
    const std::vector<std::string> first{"binder_alloc", "vm_area_struct", "binder_lru_page", "binder_buffer"};
    std::vector<const object_info*> objects;
    for (const auto& o : s.shape->objects) objects.push_back(&o);
    std::stable_sort(objects.begin(), objects.end(), [&](const object_info* a, const object_info* b) {
        return std::find(first.begin(), first.end(), a->type) < std::find(first.begin(), first.end(), b->type);
    });
    for (const object_info* object : objects) {
        const object_info& o = *object;
        if (o.type == "task_struct" || o.type == "mm_struct") continue;  // the thread lanes and the mm card show them
        CardBuilder b(s, previous, cycleKeys);
        std::vector<std::string> locks;
        for (const auto& f : o.fields)
            if (f.name.size() > 6 && f.name.ends_with(".owner")) locks.push_back(f.name.substr(0, f.name.size() - 6));
        for (const std::string& l : locks) b.lock(o, l, allocFieldTip(o.name, l));
        for (const auto& f : o.fields) {
            const bool inLock = std::any_of(locks.begin(), locks.end(), [&](const std::string& l) { return f.name.starts_with(l + "."); });
            if (inLock || f.kind == field_kind::ghost || weak.count(static_cast<std::int32_t>(f.cell))) continue;
            const QString text = ObjectReader(s, o, nullptr).text(f.name.c_str());
            const bool freed = f.kind == field_kind::life && text == QStringLiteral("freed");
            b.value(o, f.name.c_str(), {}, {}, freed, freed ? QStringLiteral("danger") : QString(), allocFieldTip(o.name, f.name));
        }
        b.ghostsOf(o);
        b.collectChanged(o);
        if (!b.fields.isEmpty()) rows.push_back({q(o.name), QStringLiteral("object"), q(o.type), b.fields, b.ghosts, b.inCycle, b.changed});
    }
}

void BinderModel::setSnapshot(const snapshot& s, const std::set<std::string>& cycleKeys) {
    std::vector<Row> rows;
    const auto& objects = s.shape->objects;
    const bool binderRun = std::any_of(objects.begin(), objects.end(),
                                       [](const object_info& o) { return o.type == "binder globals"; });
    const bool allocRun = std::any_of(objects.begin(), objects.end(), [](const object_info& o) { return o.type == "binder_alloc"; });
    if (!binderRun && !allocRun) {
        setRows({});
        m_previous = s.cells;
        return;
    }
    const std::vector<value_t> none;
    const std::vector<value_t>& previous = m_previous.size() == s.cells.size() ? m_previous : none;
    if (allocRun) {
        allocCards(s, previous, cycleKeys, rows);
        setRows(std::move(rows));
        m_previous = s.cells;
        return;
    }
    auto card = [&](const QString& name, const char* kind, const QString& type, CardBuilder& b) {
        rows.push_back({name, QString::fromUtf8(kind), type, b.fields, b.ghosts, b.inCycle, b.changed});
    };

    // binder's globals: the one lock every ioctl took until v4.14.
    for (const auto& o : objects) {
        if (o.type != "binder globals") continue;
        CardBuilder b(s, previous, cycleKeys);
        b.lock(o, "binder_main_lock",
               QObject::tr("binder's one global mutex: binder_ioctl() takes it on entry, binder_thread_read() drops it "
                           "while it sleeps and takes it back uninterruptibly"));
        b.lock(o, "binder_deferred_lock", QObject::tr("Guards binder_deferred_list"));
        b.value(o, "binder_deferred_list", {}, {}, ObjectReader(s, o, nullptr).value("binder_deferred_list") != 0, {},
                QObject::tr("Processes with deferred work (a flush after close()) for the kworker"));
        b.ghostsOf(o);
        b.collectChanged(o);
        card(q(o.name), "globals", q(o.type), b);
    }

    // The OOM killer, with the zone it is called for.
    for (const auto& o : objects) {
        if (o.type != "OOM killer") continue;
        CardBuilder b(s, previous, cycleKeys);
        const ObjectReader oom(s, o, nullptr);
        b.lock(o, "oom_lock", QObject::tr("One OOM kill at a time: __alloc_pages_may_oom() only trylocks it"));
        // The victims by name: the tasks with TIF_MEMDIE set (oom_victims only counts them).
        QStringList victims;
        for (const auto& t : objects)
            if (t.type == "task_struct" && ObjectReader(s, t, nullptr).value("TIF_MEMDIE")) victims << q(t.name);
        b.value(o, "oom_victims", {},
                victims.isEmpty() ? QStringLiteral("0")
                                  : QStringLiteral("%1 (%2)").arg(oom.value("oom_victims")).arg(victims.join(QStringLiteral(", "))),
                !victims.isEmpty(), victims.isEmpty() ? QString() : QStringLiteral("danger"),
                QObject::tr("Tasks marked TIF_MEMDIE; select_bad_process() picks nobody new while one exists"));
        b.value(o, "oom_reaper_list", {}, {}, oom.value("oom_reaper_list") != 0, {},
                QObject::tr("Victims queued for the OOM reaper (v4.6+)"));
        b.queue(o, "oom_reaper_wait", QObject::tr("Where the OOM reaper sleeps until a victim is queued"));
        b.lock(o, "oom_reaper_lock");
        b.ghostsOf(o);
        b.collectChanged(o);
        for (const auto& z : objects) {
            if (z.type != "zone") continue;
            b.value(z, "nr_free_pages", QStringLiteral("%1.nr_free_pages").arg(q(z.name)), {},
                    ObjectReader(s, z, nullptr).value("nr_free_pages") == 0,
                    ObjectReader(s, z, nullptr).value("nr_free_pages") == 0 ? QStringLiteral("danger") : QString(),
                    QObject::tr("Free pages: 0 means the allocation must wait for memory to be freed"));
            b.collectChanged(z);
        }
        card(QStringLiteral("oom"), "oom", q(o.type), b);
    }

    for (const auto& o : objects) {
        if (o.type != "binder_proc") continue;
        CardBuilder b(s, previous, cycleKeys);
        const ObjectReader p(s, o, nullptr);
        b.value(o, "todo", {}, {}, p.value("todo") != 0, {}, QObject::tr("Process work queued: the length of proc->todo"));
        b.queue(o, "wait", QObject::tr("Threads waiting for process work; wake_up_interruptible() wakes the first exclusive one"));
        b.lock(o, "inner_lock", QObject::tr("v4.14's spinlock over the proc's lists"));
        b.queue(o, "waiting_threads", QObject::tr("v4.14: threads waiting for process work, each on its own wait queue"));
        b.lock(o, "threads_lock", QObject::tr("The RFC's mutex over the threads' looper states"));
        b.value(o, "ready_threads", {}, {}, false, {}, QObject::tr("Threads waiting for process work (v4.4 counts them by hand)"));
        b.value(o, "requested_threads");
        b.value(o, "requested_threads_started");
        b.value(o, "max_threads");
        b.value(o, "deferred_work", {}, deferredText(p.value("deferred_work")), p.value("deferred_work") != 0);
        b.ghostsOf(o);
        b.collectChanged(o);
        card(q(o.name), "proc", q(o.type), b);
    }

    const auto lost = lostLooperBits(s);
    // One card per thread: its binder_thread, its task_struct and the user page its ioctl
    // argument lives on, found by the engine's names ("thread B1", "B1", "page B1").
    for (std::size_t i = 0; i < s.threads.size(); ++i) {
        const thread_view& tv = s.threads[i];
        const std::string& name = s.shape->thread_names[i];
        CardBuilder b(s, previous, cycleKeys);
        b.inCycle = cycleKeys.count(name) > 0;
        QStringList types;
        if (const object_info* bt = findObject(s, "thread " + name, "binder_thread")) {
            types << QStringLiteral("binder_thread");
            b.section(QStringLiteral("binder_thread"));
            if (const auto it = lost.find(q(bt->name)); it != lost.end()) b.lostBits = it->second;
            b.bits(*bt, "looper", "looper as updated",
                   QObject::tr("The thread's looper state, one bit per flag: a plain read-modify-write can lose a bit set meanwhile"));
            b.value(*bt, "looper_need_return", {}, {}, ObjectReader(s, *bt, nullptr).value("looper_need_return") != 0);
            b.value(*bt, "todo");
            b.value(*bt, "transaction_stack");
            b.value(*bt, "return_error", {}, returnErrorText(ObjectReader(s, *bt, nullptr).value("return_error")));
            b.queue(*bt, "wait");
            b.ghostsOf(*bt);
            b.collectChanged(*bt);
        }
        if (const object_info* task = findObject(s, name, "task_struct")) {
            const ObjectReader t(s, *task, nullptr);
            types << QStringLiteral("task_struct");
            b.section(QStringLiteral("task_struct"));
            // The state as ps prints it, from the engine's view of the thread.
            QVariantMap state = CardBuilder::line(QStringLiteral("state"), q(name) + QStringLiteral(".__state"),
                                                  QObject::tr("R: running or runnable (spinning too), S: asleep, a signal wakes it, "
                                                              "D: asleep, nothing but its wake-up wakes it"));
            state["value"] = kernelStateText(tv.kernel_state);
            state["strong"] = tv.kernel_state == 'D';
            state["tone"] = tv.kernel_state == 'D' && tv.signal_pending ? QStringLiteral("danger") : QString();
            state["changed"] = previous.size() == s.cells.size() && t.has("__state") &&
                               previous[t.find("__state")->cell] != s.cells[t.find("__state")->cell];
            b.fields << state;
            b.value(*task, "sigpending", QStringLiteral("signal"), tv.signal_pending ? QStringLiteral("SIGKILL pending") : QObject::tr("none"),
                    tv.signal_pending, tv.signal_pending ? QStringLiteral("danger") : QString());
            b.value(*task, "TIF_MEMDIE", {}, yesNo(t.value("TIF_MEMDIE")), t.value("TIF_MEMDIE") != 0,
                    t.value("TIF_MEMDIE") ? QStringLiteral("danger") : QString(),
                    QObject::tr("Marked as the OOM killer's victim: may use memory reserves to exit"));
            b.value(*task, "PF_EXITING", {}, yesNo(t.value("PF_EXITING")), t.value("PF_EXITING") != 0);
            b.value(*task, "mm");
            b.lock(*task, "alloc_lock");
            b.value(*task, "oom_reaper_list");
            b.collectChanged(*task);
        }
        if (const object_info* page = findObject(s, "page " + name, "user page")) {
            const bool present = ObjectReader(s, *page, nullptr).value("present") != 0;
            b.value(*page, "present", QStringLiteral("%1.present").arg(q(page->name)),
                    present ? yesNo(true) : QObject::tr("no (swapped out: touching it faults)"), !present, {},
                    QObject::tr("The user page the ioctl's argument lives on"));
            b.collectChanged(*page);
        }
        if (types.isEmpty()) continue;
        card(q(name), "thread", types.join(QStringLiteral(" + ")), b);
    }

    // binder's mm_struct: mmap_sem and what the OOM killer weighs (the VMA family's mm_struct,
    // with mmap_lock, has MmModel).
    for (const auto& o : objects) {
        if (o.type != "mm_struct" || !ObjectReader(s, o, nullptr).has("mmap_sem.owner")) continue;
        CardBuilder b(s, previous, cycleKeys);
        const ObjectReader mm(s, o, nullptr);
        b.lock(o, "mmap_sem", QObject::tr("The page fault holds it for read while it allocates"));
        b.value(o, "mm_users");
        b.value(o, "MM_ANONPAGES", {}, {}, false, {}, QObject::tr("Anonymous pages: what killing its owner frees, and how the OOM killer picks"));
        b.value(o, "MMF_OOM_SKIP", {}, yesNo(mm.value("MMF_OOM_SKIP")), mm.value("MMF_OOM_SKIP") != 0, {},
                QObject::tr("Set by the OOM reaper once it reaped the mm: the killer may pick another victim"));
        b.ghostsOf(o);
        b.collectChanged(o);
        card(q(o.name), "mm", q(o.type), b);
    }

    setRows(std::move(rows));
    m_previous = s.cells;
}
