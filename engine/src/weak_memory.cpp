#include "weak_memory.hpp"

#include <algorithm>
#include <stdexcept>

namespace lockstep::detail {

namespace {
bool is_acquire(order o) { return o == order::acquire || o == order::acq_rel; }
bool is_release(order o) { return o == order::release || o == order::acq_rel; }

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}
}  // namespace

int weak_memory::add_location(std::string name, value_t initial) {
    location l;
    l.name = std::move(name);
    l.msgs.push_back(message{initial});
    l.co = {0};
    l.pos = {0};
    locs_.push_back(std::move(l));
    grow_views();
    return static_cast<int>(locs_.size() - 1);
}

int weak_memory::add_thread() {
    thread_views tv;
    for (view* v : {&tv.cur, &tv.acq, &tv.acqnr, &tv.wview, &tv.wfence, &tv.ulv, &tv.ulacq}) *v = bottom();
    tv.why.resize(locs_.size());
    tv.acq_why.resize(locs_.size());
    tv.acqnr_why.resize(locs_.size());
    threads_.push_back(std::move(tv));
    return static_cast<int>(threads_.size() - 1);
}

// A location added after others already hold views: every view gains an entry at its initial
// message.
void weak_memory::grow_views() {
    const std::size_t n = locs_.size();
    for (location& l : locs_)
        for (message& m : l.msgs) m.carries.resize(n, 0);
    for (thread_views& tv : threads_) {
        for (view* v : {&tv.cur, &tv.acq, &tv.acqnr, &tv.wview, &tv.wfence, &tv.ulv, &tv.ulacq}) v->resize(n, 0);
        tv.why.resize(n);
        tv.acq_why.resize(n);
        tv.acqnr_why.resize(n);
    }
    global_.resize(n, 0);
    for (auto& [lock, v] : lock_views_) v.resize(n, 0);
}

void weak_memory::raise(thread_views& tv, const view& from, cause why) {
    for (std::size_t x = 0; x < tv.cur.size(); ++x)
        if (later(static_cast<int>(x), from[x], tv.cur[x])) {
            tv.cur[x] = from[x];
            tv.why[x] = why;
        }
}

void weak_memory::raise_read_in(thread_views& tv, const view& from, const std::vector<cause>& reads, cause::kind k) {
    for (std::size_t x = 0; x < tv.cur.size(); ++x)
        if (later(static_cast<int>(x), from[x], tv.cur[x])) {
            tv.cur[x] = from[x];
            const cause& r = reads[x];
            tv.why[x] = {k, now, r.via, r.carried, "", r.step};
        }
}

void weak_memory::join_read(view& into, std::vector<cause>& why, const view& from, const cause& read) const {
    for (std::size_t x = 0; x < into.size(); ++x)
        if (later(static_cast<int>(x), from[x], into[x])) {
            into[x] = from[x];
            why[x] = read;
        }
}

std::string weak_memory::horizon_reason(int t, int x) const {
    using kind = cause::kind;
    const cause& c = threads_[t].why[x];
    const std::string at = " at step " + std::to_string(c.step);
    const std::string via = c.via >= 0 ? locs_[c.via].name : "";
    // "load of alloc.vma at step 9 (the store of step 7) carried", or "loads carried" when the
    // view came in some other way.
    auto read_in = [&](const std::string& access) {
        if (!c.read_at || c.via < 0) return access + "s carried";
        return access + " of " + via + " at step " + std::to_string(c.read_at) +
               (c.carried ? " (the store of step " + std::to_string(c.carried) + ")" : " (its initial value)") + " carried";
    };
    switch (c.k) {
    case kind::none: return "";
    case kind::own_read:
        return "it read " + via + at + (c.carried ? " (the store of step " + std::to_string(c.carried) + ")" : " (its initial value)");
    case kind::own_store: return "it stored to " + via + at;
    case kind::rmw_read: return std::string("its ") + c.op + " read " + via + at;
    case kind::rmw_store: return std::string("its ") + c.op + " stored to " + via + at;
    case kind::acquire:
        return "it acquire-loaded " + via + at + ", and the store it read" +
               (c.carried ? " (step " + std::to_string(c.carried) + ")" : "") + " carried this one";
    case kind::rmw_acquire: return std::string("its ") + c.op + " acquired " + via + at + ", and the store it read carried this one";
    case kind::mb_loads: return "its full barrier (smp_mb)" + at + " made what its " + read_in("load") + " its own";
    case kind::mb_rmws: return "its full barrier (smp_mb)" + at + " made what its " + read_in("RMW") + " its own";
    case kind::mb_global: return "its full barrier (smp_mb)" + at + " took in what every earlier smp_mb had published";
    case kind::rmb: return "its read barrier (smp_rmb)" + at + " made what its earlier " + read_in("load") + " its own";
    case kind::lock: return "it took the lock" + at + ", which its last holder had let go having seen this one";
    case kind::unlock_lock: return "it took a lock" + at + " after letting one go (unlock then lock orders)";
    }
    return "";
}

view_reason weak_memory::horizon_cause(int t, int x) const {
    const cause& c = threads_[t].why[x];
    return {c.k, c.step, c.via, c.carried, c.read_at, horizon_reason(t, x)};
}

void weak_memory::join(view& into, const view& from) const {
    for (std::size_t x = 0; x < into.size(); ++x)
        if (later(static_cast<int>(x), from[x], into[x])) into[x] = from[x];
}

// The coherence position an access of x must not go below (for a store: land after).
int weak_memory::lower_bound(int t, int x, order o, const access_deps& d, bool is_store) const {
    const thread_views& tv = threads_[t];
    const location& l = locs_[x];
    int b = l.pos[tv.cur[x]];
    auto raise = [&](const view* v) {
        if (v) b = std::max<int>(b, l.pos[(*v)[x]]);
    };
    raise(d.address);
    if (is_store) {
        raise(d.data);
        raise(d.control);
        // A release store comes after everything the thread has read (rule W2); without
        // tracked dependencies, so does every store.
        if (is_release(o) || !d.exact) {
            raise(&tv.acq);
            raise(&tv.acqnr);
        }
    }
    return b;
}

std::vector<std::uint16_t> weak_memory::readable(int t, int x, const access_deps& d) const {
    const location& l = locs_[x];
    const int b = lower_bound(t, x, order::once, d, false);
    std::vector<std::uint16_t> out;
    for (int p = static_cast<int>(l.co.size()) - 1; p >= b; --p) out.push_back(l.co[p]);
    return out;
}

std::vector<int> weak_memory::placements(int t, int x, order o, const access_deps& d) const {
    const location& l = locs_[x];
    const int b = lower_bound(t, x, o, d, true);
    std::vector<int> out;
    // Landing at position p puts the store right after the message now at p - 1, which must not
    // be one an RMW has claimed.
    for (int p = static_cast<int>(l.co.size()); p > b; --p)
        if (!l.msgs[l.co[p - 1]].reserved) out.push_back(p);
    return out;
}

std::vector<std::uint16_t> weak_memory::rmw_readable(int t, int x, order o,
                                                     const std::function<bool(value_t)>& stores,
                                                     const access_deps& d) const {
    const location& l = locs_[x];
    const thread_views& tv = threads_[t];
    const int relaxed_bound = lower_bound(t, x, order::once, d, false);
    // A successful RMW also orders after its own full fence (a fully ordered one) and after
    // its dependencies, as a store does.
    int store_bound = lower_bound(t, x, o, d, true);
    if (o == order::full) {
        view c = tv.cur;
        join(c, tv.acq);
        join(c, tv.acqnr);
        join(c, global_);
        store_bound = std::max<int>(store_bound, l.pos[c[x]]);
    }
    std::vector<std::uint16_t> out;
    for (int p = static_cast<int>(l.co.size()) - 1; p >= relaxed_bound; --p) {
        const message& m = l.msgs[l.co[p]];
        if (stores(m.value) ? (p >= store_bound && !m.reserved) : true) out.push_back(l.co[p]);
    }
    return out;
}

weak_memory::read_result weak_memory::load(int t, int x, order o, int option, const access_deps& d) {
    const std::vector<std::uint16_t> can = readable(t, x, d);
    if (option < 0 || option >= static_cast<int>(can.size()))
        throw std::logic_error("load of " + locs_[x].name + ": no outcome " + std::to_string(option));
    thread_views& tv = threads_[t];
    const std::uint16_t id = can[option];
    const message& m = locs_[x].msgs[id];
    // R1: the thread may not read anything older from x again, and what the message carries
    // is pending until an rmb or a later acquire makes it the thread's own.
    if (later(x, id, tv.cur[x])) {
        tv.cur[x] = id;
        tv.why[x] = because(cause::kind::own_read, x, m.step);
    }
    join_read(tv.acq, tv.acq_why, m.carries, because(cause::kind::own_read, x, m.step));
    if (is_acquire(o))  // R2
        raise(tv, m.carries, because(cause::kind::acquire, x, m.step));
    read_result r{m.value, id, m.carries};
    if (d.address) join(r.dependency, *d.address);
    return r;
}

std::uint16_t weak_memory::insert(int x, int position, message m) {
    location& l = locs_[x];
    const auto id = static_cast<std::uint16_t>(l.msgs.size());
    m.carries[x] = id;
    l.msgs.push_back(std::move(m));
    l.co.insert(l.co.begin() + position, id);
    l.pos.resize(l.msgs.size());
    for (std::size_t p = 0; p < l.co.size(); ++p) l.pos[l.co[p]] = static_cast<std::uint16_t>(p);
    return id;
}

void weak_memory::store(int t, int x, value_t v, order o, int option, std::uint64_t step, const char* op,
                        const access_deps& d) {
    const std::vector<int> can = placements(t, x, o, d);
    if (option < 0 || option >= static_cast<int>(can.size()))
        throw std::logic_error("store to " + locs_[x].name + ": no placement " + std::to_string(option));
    thread_views& tv = threads_[t];
    message m{v, tv.wfence, false, t, step, op, is_release(o)};
    if (is_release(o)) {  // W2: the store carries everything the thread has seen
        join(m.carries, tv.cur);
        join(m.carries, tv.acq);
        join(m.carries, tv.acqnr);
    }
    const std::uint16_t id = insert(x, can[option], std::move(m));
    tv.cur[x] = id;
    tv.why[x] = because(cause::kind::own_store, x);
    join(tv.wview, locs_[x].msgs[id].carries);
    if (o == order::full) full_fence(tv);  // smp_store_mb: the store, then smp_mb
}

weak_memory::rmw_result weak_memory::rmw(int t, int x, order o, int option,
                                         const std::function<bool(value_t)>& stores,
                                         const std::function<value_t(value_t)>& f, bool returns_value,
                                         std::uint64_t step, const char* op, const access_deps& d) {
    const std::vector<std::uint16_t> can = rmw_readable(t, x, o, stores, d);
    if (option < 0 || option >= static_cast<int>(can.size()))
        throw std::logic_error("RMW on " + locs_[x].name + ": no outcome " + std::to_string(option));
    thread_views& tv = threads_[t];
    const std::uint16_t id = can[option];
    rmw_result r;
    r.stored = stores(locs_[x].msgs[id].value);
    // M1: a fully ordered RMW is smp_mb on both sides, but only when it stores.
    if (r.stored && o == order::full) full_fence(tv);
    {
        const message& m = locs_[x].msgs[id];
        if (later(x, id, tv.cur[x])) {
            tv.cur[x] = id;
            tv.why[x] = because(cause::kind::rmw_read, x, m.step, op);
        }
        const cause read = because(cause::kind::rmw_read, x, m.step, op);
        if (returns_value) join_read(tv.acq, tv.acq_why, m.carries, read);
        else join_read(tv.acqnr, tv.acqnr_why, m.carries, read);
        if (is_acquire(o))
            raise(tv, m.carries, because(cause::kind::rmw_acquire, x, m.step, op));
        r.read = {m.value, id, m.carries};
        if (d.address) join(r.read.dependency, *d.address);
    }
    if (!r.stored) return r;
    r.written = f(r.read.value);
    // A fully ordered RMW's own smp_mb before it (above) makes it carry all a release would.
    message w{r.written, tv.wfence, false, t, step, op, is_release(o) || o == order::full};
    if (is_release(o)) {
        join(w.carries, tv.cur);
        join(w.carries, tv.acq);
        join(w.carries, tv.acqnr);
    }
    locs_[x].msgs[id].reserved = true;
    const std::uint16_t nid = insert(x, locs_[x].pos[id] + 1, std::move(w));
    tv.cur[x] = nid;
    tv.why[x] = because(cause::kind::rmw_store, x, 0, op);
    join(tv.wview, locs_[x].msgs[nid].carries);
    if (o == order::full) full_fence(tv);
    return r;
}

// F3: smp_mb joins the thread's view with everything it has read and with the global view, and
// publishes the result there; every later store of the thread carries it.
void weak_memory::full_fence(thread_views& tv) {
    raise_read_in(tv, tv.acq, tv.acq_why, cause::kind::mb_loads);
    raise_read_in(tv, tv.acqnr, tv.acqnr_why, cause::kind::mb_rmws);
    raise(tv, global_, because(cause::kind::mb_global));
    global_ = tv.cur;
    join(tv.wfence, tv.cur);
}

void weak_memory::fence(int t, order o) {
    thread_views& tv = threads_[t];
    switch (o) {
    case order::full: full_fence(tv); break;
    case order::wmb: join(tv.wfence, tv.wview); break;  // F2: own stores only, not A-cumulative
    case order::rmb:                                    // F1 (no-return RMWs excluded)
    case order::ctrl_dep_acquire:
    case order::acquire:
        raise_read_in(tv, tv.acq, tv.acq_why, cause::kind::rmb);
        break;
    case order::release: {  // a release fence: later stores carry all the thread has seen
        join(tv.wfence, tv.cur);
        join(tv.wfence, tv.acq);
        join(tv.wfence, tv.acqnr);
        break;
    }
    default: break;
    }
}

void weak_memory::lock_acquired(int t, std::int32_t lock) {
    thread_views& tv = threads_[t];
    auto [it, fresh] = lock_views_.try_emplace(lock, bottom());
    const view& v = it->second;
    raise(tv, v, because(cause::kind::lock));
    join_read(tv.acq, tv.acq_why, v, because(cause::kind::lock));
    join(tv.wfence, tv.ulv);
    join(tv.wfence, v);
    raise(tv, tv.ulacq, because(cause::kind::unlock_lock));
}

void weak_memory::lock_released(int t, std::int32_t lock) {
    thread_views& tv = threads_[t];
    view rel = tv.cur;
    join(rel, tv.acq);
    join(rel, tv.acqnr);
    join(rel, tv.wfence);
    auto [it, fresh] = lock_views_.try_emplace(lock, bottom());
    join(it->second, rel);
    join(tv.ulv, rel);
    join(tv.ulacq, tv.acq);
    join(tv.ulacq, tv.acqnr);
}

value_t weak_memory::newest(int x) const { return locs_[x].msgs[locs_[x].co.back()].value; }

// A thread reads x at or after its own view there and lands a store after it, and every view
// it may take in is only ever joined with its own: so once every thread still running has
// moved past a store, nothing can read it, land before it or tell it from another such store.
std::vector<int> weak_memory::floors(const std::vector<bool>& finished) const {
    std::vector<int> floor(locs_.size());
    for (std::size_t x = 0; x < locs_.size(); ++x) {
        int f = static_cast<int>(locs_[x].co.size()) - 1;  // nobody running: only the newest counts
        for (std::size_t t = 0; t < threads_.size(); ++t)
            if (!finished[t]) f = std::min<int>(f, locs_[x].pos[threads_[t].cur[x]]);
        floor[x] = f;
    }
    return floor;
}

int weak_memory::live_position(int x, std::uint16_t id, const std::vector<int>& floor) const {
    const int p = locs_[x].pos[id];
    return p < floor[x] ? -1 : p - floor[x];
}

// A view at a store nobody can read any more acts as one at the oldest that can still be read:
// it is only ever joined with views that are there already.
std::uint64_t weak_memory::hash_view(std::uint64_t h, const view& v, const std::vector<int>& floor) const {
    for (std::size_t x = 0; x < v.size(); ++x) h = mix(h, std::max<int>(locs_[x].pos[v[x]], floor[x]) - floor[x]);
    return h;
}

std::uint64_t weak_memory::hash(const std::vector<int>& floor) const {
    std::uint64_t h = 0x6c6b6d6dull;
    for (std::size_t x = 0; x < locs_.size(); ++x) {
        const location& l = locs_[x];
        h = mix(h, l.co.size() - static_cast<std::size_t>(floor[x]));
        for (std::size_t p = static_cast<std::size_t>(floor[x]); p < l.co.size(); ++p) {
            const message& m = l.msgs[l.co[p]];
            h = mix(h, static_cast<std::uint64_t>(m.value));
            h = mix(h, m.reserved);
            h = hash_view(h, m.carries, floor);
        }
    }
    h = hash_view(h, global_, floor);
    for (const auto& [lock, v] : lock_views_) h = hash_view(mix(h, static_cast<std::uint64_t>(lock)), v, floor);
    return h;
}

std::uint64_t weak_memory::thread_hash(int t, const std::vector<int>& floor) const {
    const thread_views& tv = threads_[t];
    std::uint64_t h = 0x7468726400ull;
    for (const view* v : {&tv.cur, &tv.acq, &tv.acqnr, &tv.wview, &tv.wfence, &tv.ulv, &tv.ulacq}) h = hash_view(h, *v, floor);
    return h;
}

std::vector<value_t> weak_memory::live_values(int x, const std::vector<int>& floor) const {
    std::vector<value_t> out;
    for (std::size_t p = static_cast<std::size_t>(floor[x]); p < locs_[x].co.size(); ++p) out.push_back(locs_[x].msgs[locs_[x].co[p]].value);
    return out;
}

}  // namespace lockstep::detail
