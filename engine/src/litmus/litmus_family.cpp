// The litmus family (litmus_family.hpp): the scenario built from a test file, and the
// interpreter its threads run. The interpreter tracks dependencies exactly, as herd7 does: each
// register holds its value and the view of the loads it came from, an access through a pointer
// register carries that view as its address dependency, a stored value's as its data
// dependency, and every branch taken joins its condition's into the thread's control view.
#include "litmus_family.hpp"

#include "../kernel.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>

namespace lockstep::litmus {

using detail::access_deps;
using detail::machine;
using detail::order;
using detail::value_t;
using detail::view;

namespace {

// A shared variable's address, as a register or a pointer variable holds it. Far above any value
// a litmus test writes, so that numbers and addresses never meet.
constexpr value_t address_base = value_t{1} << 40;

struct program {
    test t;
    std::vector<std::string> vars;  // shared variables, by index
    std::map<std::string, int> var_of;
    std::vector<std::int32_t> cell;            // by variable: its cell (spinlocks: the owner cell)
    std::vector<bool> is_lock;                 // by variable: a spinlock_t
    std::vector<kernel::spinlock_t> locks;     // by variable (used for the spinlocks)
    std::vector<std::map<std::string, value_t>> init_regs;   // by thread
    // By thread, when it has finished: those of the run the machine stands in, since a search
    // that goes back re-runs every thread that finished after the point it goes back to.
    std::vector<std::map<std::string, value_t>> final_regs;
};

// A primitive's name as a step's operation: the same pointer in every engine, since a thread's
// state folds the operation's name in by address and the search's engines share one visited
// set (each engine parses the test anew, so the syntax tree's own strings differ).
const char* interned(const std::string& name) {
    static std::mutex mutex;
    static std::set<std::string> names;
    std::lock_guard lock(mutex);
    return names.insert(name).first->c_str();
}

[[noreturn]] void fail(const program& p, source_pos at, const std::string& message) {
    throw config_error(parse_error(p.t.file, at, message).what());
}

std::string shown(const program& p, value_t v) {
    if (v >= address_base && v < address_base + static_cast<value_t>(p.vars.size()))
        return p.vars[static_cast<std::size_t>(v - address_base)];
    return std::to_string(v);
}

value_t value_of(const program& p, const value& v, source_pos at) {
    if (!v.is_address) return v.number;
    const auto it = p.var_of.find(v.location);
    if (it == p.var_of.end()) fail(p, at, "expected a shared variable's name, found '" + v.location + "'");
    return address_base + it->second;
}

// Every shared variable the test names: in the init block, as a thread's parameter, or in the
// final condition and `locations`.
void collect_variables(program& p) {
    auto add = [&](const std::string& name, bool lock) {
        auto [it, fresh] = p.var_of.try_emplace(name, static_cast<int>(p.vars.size()));
        if (fresh) {
            p.vars.push_back(name);
            p.is_lock.push_back(lock);
        } else if (lock) {
            p.is_lock[static_cast<std::size_t>(it->second)] = true;
        }
    };
    auto is_lock_type = [](const std::string& type) { return type.find("spinlock_t") != std::string::npos; };
    for (const init_entry& e : p.t.init)
        if (e.thread < 0) add(e.name, is_lock_type(e.type));
    for (const thread& th : p.t.threads)
        for (const parameter& par : th.parameters) add(par.name, is_lock_type(par.type));
    std::vector<const condition*> todo{&p.t.final_condition};
    if (p.t.filter) todo.push_back(&*p.t.filter);
    while (!todo.empty()) {
        const condition* c = todo.back();
        todo.pop_back();
        if ((c->k == condition::kind::equals || c->k == condition::kind::not_equals) && c->thread < 0) add(c->name, false);
        for (const condition& o : c->operands) todo.push_back(&o);
    }
    for (const location_ref& l : p.t.locations)
        if (l.thread < 0) add(l.name, false);
}

// What the scenario runs when no file is named: message passing with plain accesses, the
// shape every weak memory lesson starts from.
constexpr const char* default_test = R"(C message-passing

(* Result: Sometimes *)

{}

P0(int *data, int *flag)
{
	WRITE_ONCE(*data, 1);
	WRITE_ONCE(*flag, 1);
}

P1(int *data, int *flag)
{
	int r0;
	int r1;

	r0 = READ_ONCE(*flag);
	r1 = READ_ONCE(*data);
}

exists (1:r0=1 /\ 1:r1=0)
)";

std::shared_ptr<program> load_program(const run_config& cfg) {
    auto p = std::make_shared<program>();
    try {
        p->t = cfg.source.empty() ? parse(default_test, "(built-in message passing)") : parse_file(cfg.source);
    } catch (const parse_error& e) {
        throw config_error(e.what());
    }
    collect_variables(*p);
    p->init_regs.resize(p->t.threads.size());
    for (const init_entry& e : p->t.init)
        if (e.thread >= 0) p->init_regs[static_cast<std::size_t>(e.thread)][e.name] = value_of(*p, e.initial, e.pos);
    return p;
}

// The registers a thread's body declares (or the init block gives it), for checking names
// before anything runs: a misspelt register is an error at its line, not a crash mid-search.
void check_names(const program& p, const thread& th) {
    std::set<std::string> regs;
    for (const auto& [name, v] : p.init_regs[static_cast<std::size_t>(th.index)]) regs.insert(name);
    std::vector<const stmt*> todo;
    for (const stmt& s : th.body) todo.push_back(&s);
    std::set<std::string> params;
    for (const parameter& par : th.parameters) params.insert(par.name);
    for (std::size_t i = 0; i < todo.size(); ++i) {
        const stmt* s = todo[i];
        // herd7 takes a register assigned without a declaration as declared (the kernel's
        // cmpxchg-fail tests do that).
        if (s->k == stmt::kind::declare || (s->k == stmt::kind::assign && !s->text.empty() && !params.count(s->text)))
            regs.insert(s->text);
        for (const stmt& b : s->body) todo.push_back(&b);
        for (const stmt& b : s->orelse) todo.push_back(&b);
    }
    std::vector<const expr*> exprs;
    for (const stmt* s : todo) {
        for (const expr& e : s->args) exprs.push_back(&e);
        if (s->k == stmt::kind::assign && params.count(s->text))
            fail(p, s->pos, "expected a register, found the parameter '" + s->text + "' (a pointer: store through it with WRITE_ONCE(*" + s->text + ", v))");
    }
    for (std::size_t i = 0; i < exprs.size(); ++i) {
        const expr* e = exprs[i];
        if (e->k == expr::kind::name && !regs.count(e->text) && !params.count(e->text))
            fail(p, e->pos, "expected a register or a parameter of P" + std::to_string(th.index) + ", found '" + e->text + "'");
        for (const expr& a : e->args) exprs.push_back(&a);
    }
}

// ---- the interpreter --------------------------------------------------------------------

struct reg {
    value_t v = 0;
    view dep;  // the views of the loads the value came from
};

class interpreter {
public:
    interpreter(program& p, int tid) : p_(p), tid_(tid), m_(machine::current()) {
        if (m_.mem.weak) none_.assign(m_.mem.weak->locations(), 0);
        ctrl_ = none_;
        for (const auto& [name, v] : p_.init_regs[static_cast<std::size_t>(tid)]) regs_[name] = {v, none_};
    }

    void run(const std::vector<stmt>& body) {
        for (const stmt& s : body) exec(s);
        std::map<std::string, value_t> final;
        for (const auto& [name, r] : regs_) final[name] = r.v;
        p_.final_regs[static_cast<std::size_t>(tid_)] = std::move(final);
    }

private:
    void exec(const stmt& s) {
        kernel::script_line(s.pos.line);
        switch (s.k) {
        case stmt::kind::declare:
            regs_[s.text] = s.args.empty() ? reg{0, none_} : eval(s.args[0]);
            break;
        case stmt::kind::assign:
            if (!s.text.empty()) regs_[s.text] = eval(s.args[0]);
            else store_through(s.args[1], s.args[0], order::plain, "store");  // *x = v;
            break;
        case stmt::kind::call: eval(s.args[0]); break;
        case stmt::kind::if_: {
            const reg c = eval(s.args[0]);
            join(ctrl_, c.dep);
            for (const stmt& b : c.v != 0 ? s.body : s.orelse) exec(b);
            break;
        }
        case stmt::kind::block:
            for (const stmt& b : s.body) exec(b);
            break;
        }
    }

    void join(view& into, const view& from) const {
        if (m_.mem.weak) m_.mem.weak->join(into, from);
    }
    reg joined(reg a, const reg& b) const {
        join(a.dep, b.dep);
        return a;
    }

    // The variable a pointer value points to.
    int variable(const reg& ptr, const expr& at, bool want_lock) const {
        const value_t i = ptr.v - address_base;
        if (i < 0 || i >= static_cast<value_t>(p_.vars.size()))
            fail(p_, at.pos, "expected a pointer to a shared variable, found the value " + std::to_string(ptr.v));
        if (p_.is_lock[static_cast<std::size_t>(i)] != want_lock)
            fail(p_, at.pos, "expected " + std::string(want_lock ? "a spinlock_t" : "an int or atomic_t") + ", found " +
                                 p_.vars[static_cast<std::size_t>(i)]);
        return static_cast<int>(i);
    }
    // `*e` (READ_ONCE(*x)) or `e` (smp_load_acquire(x)): the pointer expression evaluated.
    reg pointer(const expr& arg, bool deref) {
        if (deref) {
            if (arg.k != expr::kind::unary || arg.text != "*")
                fail(p_, arg.pos, "expected '*' and a pointer, as in READ_ONCE(*x)");
            return eval(arg.args[0]);
        }
        return eval(arg);
    }

    access_deps deps(const view* address, const view* data) const {
        access_deps d;
        d.exact = true;
        d.address = address;
        d.data = data;
        d.control = &ctrl_;
        return d;
    }
    const access_deps* deps_or_null(const access_deps& d) const { return m_.mem.weak ? &d : nullptr; }

    reg load(const reg& ptr, const expr& at, order o, const char* op) {
        const int x = variable(ptr, at, false);
        const access_deps d = deps(&ptr.dep, nullptr);
        const value_t v = kernel::impl::load(p_.cell[static_cast<std::size_t>(x)], o, op, kernel::loc::current(), true,
                                             deps_or_null(d));
        reg r{v, none_};
        if (m_.mem.weak) {
            r.dep = m_.mem.last_read.dependency;
            remember(r.dep);
        }
        return r;
    }
    void store(const reg& ptr, const expr& at, const reg& v, order o, const char* op) {
        const int x = variable(ptr, at, false);
        const access_deps d = deps(&ptr.dep, &v.dep);
        kernel::impl::store(p_.cell[static_cast<std::size_t>(x)], v.v, o, op, kernel::loc::current(), deps_or_null(d));
    }
    void store_through(const expr& target, const expr& value, order o, const char* op) {
        const reg v = eval(value);
        store(pointer(target, true), target, v, o, op);
    }
    // An RMW: f gives the new value from the old and says whether it stores at all.
    reg rmw(const reg& ptr, const expr& at, const reg& operands, order o, const char* op,
            const std::function<value_t(value_t, bool&)>& f) {
        const int x = variable(ptr, at, false);
        const access_deps d = deps(&ptr.dep, &operands.dep);
        const auto [old, next] = kernel::impl::rmw(p_.cell[static_cast<std::size_t>(x)], op, o, f,
                                                   kernel::loc::current(), deps_or_null(d));
        (void)next;
        reg r{old, none_};
        if (m_.mem.weak) {
            r.dep = m_.mem.last_read.dependency;
            remember(r.dep);
        }
        return r;
    }
    // A register's dependency view is part of where the thread is: two runs that read the same
    // values from different stores differ in what the thread's later accesses must come after.
    void remember(const view& v) {
        std::uint64_t h = 0x6465700aull;
        for (std::uint16_t id : v) h = h * 0x100000001b3ull ^ id;
        m_.fold_into_history(h);
    }

    reg eval(const expr& e);
    reg call(const expr& e);

    program& p_;
    int tid_;
    machine& m_;
    view none_;
    view ctrl_;
    std::map<std::string, reg> regs_;
};

value_t arith(const std::string& op, value_t a, value_t b) {
    if (op == "+") return a + b;
    if (op == "-") return a - b;
    if (op == "*") return a * b;
    if (op == "/") return b == 0 ? 0 : a / b;
    if (op == "%") return b == 0 ? 0 : a % b;
    if (op == "&") return a & b;
    if (op == "|") return a | b;
    if (op == "^") return a ^ b;
    if (op == "<<") return a << (b & 63);
    if (op == ">>") return a >> (b & 63);
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    if (op == ">=") return a >= b;
    return 0;
}

reg interpreter::eval(const expr& e) {
    switch (e.k) {
    case expr::kind::constant: return {e.number, none_};
    case expr::kind::name: {
        if (auto it = regs_.find(e.text); it != regs_.end()) return it->second;
        return {address_base + p_.var_of.at(e.text), none_};
    }
    case expr::kind::unary: {
        if (e.text == "*") return load(eval(e.args[0]), e, order::plain, "load");
        if (e.text == "&") {
            if (e.args[0].k != expr::kind::name || !p_.var_of.count(e.args[0].text))
                fail(p_, e.pos, "expected '&' and a shared variable");
            return {address_base + p_.var_of.at(e.args[0].text), none_};
        }
        reg r = eval(e.args[0]);
        if (e.text == "!") r.v = !r.v;
        else if (e.text == "-") r.v = -r.v;
        else if (e.text == "~") r.v = ~r.v;
        return r;
    }
    case expr::kind::binary: {
        reg a = eval(e.args[0]);
        if (e.text == "&&" || e.text == "||") {
            join(ctrl_, a.dep);  // C evaluates the right side only on the left's value
            if ((e.text == "&&") == (a.v == 0)) return {e.text == "||" ? 1 : 0, a.dep};
            reg b = eval(e.args[1]);
            return joined({b.v != 0, b.dep}, a);
        }
        const reg b = eval(e.args[1]);
        return joined({arith(e.text, a.v, b.v), a.dep}, b);
    }
    case expr::kind::ternary: {
        const reg c = eval(e.args[0]);
        join(ctrl_, c.dep);
        return joined(eval(e.args[c.v != 0 ? 1 : 2]), c);
    }
    case expr::kind::call: return call(e);
    }
    return {0, none_};
}

// The ordering of an RMW from its name's suffix: value-returning ones are fully ordered.
order rmw_order(const std::string& name) {
    if (name.ends_with("_relaxed")) return order::relaxed;
    if (name.ends_with("_acquire")) return order::acquire;
    if (name.ends_with("_release")) return order::release;
    return order::full;
}

std::string base_of(const std::string& name) {
    for (const char* suffix : {"_relaxed", "_acquire", "_release"})
        if (name.ends_with(suffix)) return name.substr(0, name.size() - std::string(suffix).size());
    return name;
}

reg interpreter::call(const expr& e) {
    const std::string& f = e.text;
    const auto& a = e.args;
    auto want = [&](std::size_t n) {
        if (a.size() != n)
            fail(p_, e.pos, "expected " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") + " to " + f + ", found " +
                                std::to_string(a.size()));
    };
    const char* op = interned(f);
    // Loads.
    if (f == "READ_ONCE" || f == "rcu_dereference") {
        want(1);
        return load(pointer(a[0], true), a[0], order::once, op);
    }
    if (f == "smp_load_acquire" || f == "atomic_read" || f == "atomic_read_acquire") {
        want(1);
        return load(pointer(a[0], false), a[0], f == "atomic_read" ? order::relaxed : order::acquire, op);
    }
    // Stores.
    if (f == "WRITE_ONCE" || f == "rcu_assign_pointer" || f == "smp_store_mb") {
        want(2);
        const reg v = eval(a[1]);
        store(pointer(a[0], true), a[0], v, f == "WRITE_ONCE" ? order::once : f == "smp_store_mb" ? order::full : order::release, op);
        return {0, none_};
    }
    if (f == "smp_store_release" || f == "atomic_set" || f == "atomic_set_release") {
        want(2);
        const reg v = eval(a[1]);
        store(pointer(a[0], false), a[0], v, f == "atomic_set" ? order::relaxed : order::release, op);
        return {0, none_};
    }
    // Fences.
    static const std::map<std::string, order> fences = {
        {"smp_mb", order::full},           {"smp_wmb", order::wmb},
        {"smp_rmb", order::rmb},           {"smp_mb__before_atomic", order::full},
        {"smp_mb__after_atomic", order::full}, {"smp_mb__after_spinlock", order::full},
        {"smp_mb__after_unlock_lock", order::full}, {"smp_acquire__after_ctrl_dep", order::rmb},
    };
    if (auto it = fences.find(f); it != fences.end()) {
        want(0);
        if (it->second == order::full) kernel::smp_mb();
        else if (it->second == order::wmb) kernel::smp_wmb();
        else kernel::smp_rmb();
        return {0, none_};
    }
    if (f == "rcu_read_lock" || f == "rcu_read_unlock") return {0, none_};  // no memory effect
    // Spinlocks: their owner cells stay sequentially consistent and pass views on (rule L4).
    if (f == "spin_lock" || f == "spin_unlock" || f == "spin_trylock" || f == "spin_is_locked") {
        want(1);
        const int x = variable(pointer(a[0], false), a[0], true);
        kernel::spinlock_t& lock = p_.locks[static_cast<std::size_t>(x)];
        if (f == "spin_lock") kernel::spin_lock(lock);
        else if (f == "spin_unlock") kernel::spin_unlock(lock);
        else if (f == "spin_is_locked")
            return {kernel::impl::load(lock.owner, order::once, op, kernel::loc::current()) != 0, none_};
        else return {kernel::spin_trylock(lock), none_};
        return {0, none_};
    }
    // RMWs on ints and atomic_t.
    const std::string base = base_of(f);
    const order o = rmw_order(f);
    if (base == "xchg" || base == "atomic_xchg") {
        want(2);
        const reg v = eval(a[1]);
        return rmw(pointer(a[0], false), a[0], v, o, op, [n = v.v](value_t, bool&) { return n; });
    }
    if (base == "cmpxchg" || base == "atomic_cmpxchg") {
        want(3);
        const reg expected = eval(a[1]);
        const reg v = joined(eval(a[2]), expected);
        return rmw(pointer(a[0], false), a[0], v, o, op, [want = expected.v, n = v.v](value_t old, bool& fail) {
            fail = old != want;
            return fail ? old : n;
        });
    }
    static const std::map<std::string, std::pair<std::string, bool>> arithmetic = {
        // name -> (operation, returns the new value rather than the old)
        {"atomic_add_return", {"+", true}}, {"atomic_sub_return", {"-", true}},
        {"atomic_inc_return", {"+1", true}}, {"atomic_dec_return", {"-1", true}},
        {"atomic_fetch_add", {"+", false}}, {"atomic_fetch_sub", {"-", false}},
        {"atomic_fetch_inc", {"+1", false}}, {"atomic_fetch_dec", {"-1", false}},
        {"atomic_fetch_or", {"|", false}},  {"atomic_fetch_and", {"&", false}},
        {"atomic_fetch_xor", {"^", false}}, {"atomic_fetch_andnot", {"&~", false}},
    };
    auto apply = [](const std::string& how, value_t old, value_t by) -> value_t {
        if (how == "+1") return old + 1;
        if (how == "-1") return old - 1;
        if (how == "&~") return old & ~by;
        return arith(how, old, by);
    };
    if (auto it = arithmetic.find(base); it != arithmetic.end()) {
        const bool unary = it->second.first.size() == 2 && it->second.first[1] == '1';
        want(unary ? 1 : 2);
        const reg by = unary ? reg{0, none_} : eval(a[0]);
        const expr& target = a[unary ? 0 : 1];
        const std::string how = it->second.first;
        reg r = rmw(pointer(target, false), target, by, o, op,
                    [&apply, how, n = by.v](value_t old, bool&) { return apply(how, old, n); });
        if (it->second.second) r.v = apply(how, r.v, by.v);
        return r;
    }
    // No-return atomics: relaxed, and rmb does not order them.
    static const std::map<std::string, std::string> no_return = {
        {"atomic_add", "+"}, {"atomic_sub", "-"}, {"atomic_inc", "+1"}, {"atomic_dec", "-1"},
        {"atomic_or", "|"},  {"atomic_and", "&"}, {"atomic_xor", "^"}, {"atomic_andnot", "&~"},
    };
    if (auto it = no_return.find(f); it != no_return.end()) {
        const bool unary = it->second == "+1" || it->second == "-1";
        want(unary ? 1 : 2);
        const reg by = unary ? reg{0, none_} : eval(a[0]);
        const expr& target = a[unary ? 0 : 1];
        const int x = variable(pointer(target, false), target, false);
        const std::string how = it->second;
        kernel::impl::update(p_.cell[static_cast<std::size_t>(x)], op, order::relaxed,
                             [&apply, how, n = by.v](value_t old, bool&) { return apply(how, old, n); });
        return {0, none_};
    }
    // Tests of the new value: fully ordered value-returning RMWs.
    if (f == "atomic_inc_and_test" || f == "atomic_dec_and_test" || f == "atomic_sub_and_test" || f == "atomic_add_negative") {
        const bool unary = f == "atomic_inc_and_test" || f == "atomic_dec_and_test";
        want(unary ? 1 : 2);
        const reg by = unary ? reg{0, none_} : eval(a[0]);
        const expr& target = a[unary ? 0 : 1];
        const value_t delta = f == "atomic_inc_and_test" ? 1 : f == "atomic_add_negative" ? by.v : -(unary ? 1 : by.v);
        reg r = rmw(pointer(target, false), target, by, order::full, op,
                    [delta](value_t old, bool&) { return old + delta; });
        r.v = f == "atomic_add_negative" ? (r.v + delta < 0) : (r.v + delta == 0);
        return r;
    }
    if (f == "atomic_add_unless" || f == "atomic_inc_not_zero") {
        const bool inc = f == "atomic_inc_not_zero";
        want(inc ? 1 : 3);
        const reg by = inc ? reg{1, none_} : eval(a[1]);
        const reg unless = inc ? reg{0, none_} : eval(a[2]);
        reg r = rmw(pointer(a[0], false), a[0], joined(by, unless), order::full, op,
                    [n = by.v, u = unless.v](value_t old, bool& fail) {
                        fail = old == u;
                        return fail ? old : old + n;
                    });
        r.v = r.v != unless.v;
        return r;
    }
    fail(p_, e.pos, "expected a primitive the kernel's litmus tests use (READ_ONCE, smp_load_acquire, xchg, "
                    "atomic_add_return, spin_lock, smp_mb, ...), found '" + f + "'");
}

// ---- the checker: the final state of each execution --------------------------------------

// The values a final state shows, as herd7 lists them: the registers and variables named in the
// condition, the filter and `locations`.
struct shown_values {
    std::vector<std::pair<int, std::string>> regs;  // (thread, register)
    std::vector<std::string> vars;
};

shown_values shown_in(const test& t) {
    std::set<std::pair<int, std::string>> regs;
    std::set<std::string> vars;
    std::vector<const condition*> todo{&t.final_condition};
    if (t.filter) todo.push_back(&*t.filter);
    while (!todo.empty()) {
        const condition* c = todo.back();
        todo.pop_back();
        if (c->k == condition::kind::equals || c->k == condition::kind::not_equals) {
            if (c->thread >= 0) regs.insert({c->thread, c->name});
            else vars.insert(c->name);
        }
        for (const condition& o : c->operands) todo.push_back(&o);
    }
    for (const location_ref& l : t.locations) {
        if (l.thread >= 0) regs.insert({l.thread, l.name});
        else vars.insert(l.name);
    }
    return {{regs.begin(), regs.end()}, {vars.begin(), vars.end()}};
}

class litmus_checker : public detail::checker {
public:
    litmus_checker(std::shared_ptr<program> p, bool every_state)
        : p_(std::move(p)), shown_(shown_in(p_->t)), every_state_(every_state) {}

    // Only the end of the last thread matters (it makes the final state): the others' ends
    // commute with the steps still to come.
    bool sees_thread_ends() const override { return false; }

    // Once every thread has finished, as the machine knows it (a flag of ours would not go
    // back with the machine when a search rewinds past a thread's end).
    void after_step(machine& m) override {
        for (const auto& th : m.threads_)
            if (!th.finished) return;
        std::string text;
        for (const auto& [t, name] : shown_.regs)
            text += std::to_string(t) + ":" + name + "=" + shown(*p_, reg_value(t, name)) + "; ";
        for (const std::string& v : shown_.vars) text += "[" + v + "]=" + shown(*p_, var_value(m, v)) + "; ";
        if (!text.empty()) text.pop_back();
        const char* what = p_->t.filter && !holds(m, *p_->t.filter) ? filtered_out
                           : holds(m, p_->t.final_condition)        ? condition_holds
                                                                    : condition_fails;
        // `check` stops at a verdict: only the outcome the condition asks about is one.
        if (every_state_ || what == condition_holds) m.add_verdict({text, what, m.steps, {}, {}});
    }

private:
    value_t reg_value(int t, const std::string& name) const {
        const auto& regs = p_->final_regs[static_cast<std::size_t>(t)];
        const auto it = regs.find(name);
        return it == regs.end() ? 0 : it->second;
    }
    value_t var_value(const machine& m, const std::string& name) const {
        const auto cell = p_->cell[static_cast<std::size_t>(p_->var_of.at(name))];
        return m.mem.cells.values()[static_cast<std::size_t>(cell)];
    }
    bool holds(const machine& m, const condition& c) const {
        switch (c.k) {
        case condition::kind::truth: return c.truth;
        case condition::kind::equals:
        case condition::kind::not_equals: {
            const value_t have = c.thread >= 0 ? reg_value(c.thread, c.name) : var_value(m, c.name);
            const bool eq = have == value_of(*p_, c.expected, c.pos);
            return c.k == condition::kind::equals ? eq : !eq;
        }
        case condition::kind::negation: return !holds(m, c.operands[0]);
        case condition::kind::conjunction: return holds(m, c.operands[0]) && holds(m, c.operands[1]);
        case condition::kind::disjunction: return holds(m, c.operands[0]) || holds(m, c.operands[1]);
        }
        return false;
    }
    std::shared_ptr<program> p_;
    shown_values shown_;
    bool every_state_;
};

// ---- the family ---------------------------------------------------------------------------

std::vector<thread_info> litmus_threads_of(const run_config& cfg, const scenario_info& s) {
    if (cfg.readers != 0) throw config_error(s.name + " runs the threads its file has; --readers does not apply");
    if (cfg.rounds != 1) throw config_error(s.name + " runs each thread once; --rounds does not apply");
    const auto p = load_program(cfg);
    std::vector<thread_info> out;
    for (const thread& th : p->t.threads) out.push_back({"P" + std::to_string(th.index), "litmus thread"});
    return out;
}

std::map<std::string, bool> litmus_switch_values(const run_config&, std::map<std::string, bool> resolved) { return resolved; }

void build(machine& m, const run_config& cfg, const std::map<std::string, bool>& on) {
    auto p = load_program(cfg);
    m.scenario_state = p;
    for (const thread& th : p->t.threads) check_names(*p, th);
    const std::int32_t object = m.add_object(p->t.name, "litmus test");
    m.set_script(cfg.source);
    p->cell.resize(p->vars.size(), -1);
    p->locks.resize(p->vars.size());
    std::map<std::string, value_t> initial;
    for (const init_entry& e : p->t.init)
        if (e.thread < 0) initial[e.name] = value_of(*p, e.initial, e.pos);
    for (std::size_t i = 0; i < p->vars.size(); ++i) {
        if (p->is_lock[i]) {
            p->locks[i] = kernel::make_spinlock(m, object, p->vars[i]);
            p->cell[i] = p->locks[i].owner;
            // The lock word is a weak location too (lock.cat's lock events): spin_is_locked()
            // may read an older store to it. Taking and releasing append to it, and the owner
            // the engine reads is its newest store.
            m.mark_weak(p->cell[i]);
            continue;
        }
        const value_t init = initial.count(p->vars[i]) ? initial[p->vars[i]] : 0;
        p->cell[i] = m.add_field(object, p->vars[i], field_kind::integer, init);
        m.mark_weak(p->cell[i]);
    }
    p->final_regs.resize(p->t.threads.size());
    for (const thread& th : p->t.threads) {
        const int tid = th.index;
        m.add_thread("P" + std::to_string(tid), "litmus thread", 0, [p, tid] {
            interpreter(*p, tid).run(p->t.threads[static_cast<std::size_t>(tid)].body);
        });
    }
    m.check = std::make_unique<litmus_checker>(p, on.at(every_final_state));
}

const char* no_kernel_file(std::string_view, std::string_view) { return nullptr; }

}  // namespace

const detail::family family{
    {"litmus", "Litmus tests",
     "a litmus test in the kernel's format (tools/memory-model), run under the kernel's memory model"},
    detail::in_family("litmus", std::vector<switch_info>{
                                    {every_final_state,
                                     "report every final state, not only those where the condition's proposition holds "
                                     "(what lockstep-cli litmus lists)", ""},
                                }),
    detail::in_family("litmus", std::vector<variant_info>{
                            {"litmus", "litmus", "the test as its file writes it", {{every_final_state, false}}, false, ""},
                        }),
    detail::in_family("litmus", std::vector<scenario_info>{
                            {"litmus", "Litmus test",
                             "the litmus test in --source FILE (without one, message passing with plain accesses), every thread once",
                             0, false, "",
                             "", "litmus", memory_model::lkmm},
                        }),
    {},
    litmus_threads_of,
    litmus_switch_values,
    build,
    no_kernel_file,
    {},
    {},
};

}  // namespace lockstep::litmus
