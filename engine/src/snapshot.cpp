#include <lockstep/snapshot.hpp>

#include <cstdio>
#include "text.hpp"

namespace lockstep {

const char* to_string(thread_state s) {
    switch (s) {
    case thread_state::runnable: return "runnable";
    case thread_state::blocked: return "blocked";
    case thread_state::sleeping: return "sleeping";
    case thread_state::spinning: return "spinning";
    case thread_state::done: return "done";
    case thread_state::killed: return "killed";
    }
    return "?";
}

refcnt_parts decode_refcnt(value_t word, value_t O) {
    refcnt_parts p;
    p.saturated = word < 0;
    p.writer = (word & O) != 0;
    p.count = word & (O - 1);
    return p;
}

std::vector<queued_task> decode_task_queue(value_t word) {
    std::vector<queued_task> list;
    for_each_queued(word, [&](const queued_task& q) { list.push_back(q); });
    return list;
}

value_t encode_task_queue(const std::vector<queued_task>& list) {
    std::uint64_t bits = 0;
    for (std::size_t i = list.size(); i-- > 0;) bits = bits << 6 | task_queue_entry(list[i]);
    return static_cast<value_t>(bits);
}

namespace {
std::string hex(value_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}
}  // namespace

std::string format_value(const layout& shape, const field_info& field, value_t v) {
    switch (field.kind) {
    case field_kind::refcnt_word: {
        const value_t O = field.offset;
        // REFCOUNT_SATURATED is INT_MIN / 2 of the word, which is -O at either width; any other
        // negative value is a wrapped result that refcount_warn_saturate() is about to replace.
        if (v == -O) return "REFCOUNT_SATURATED (" + std::to_string(v) + ")";
        if (v < 0) return std::to_string(v);
        // The writer bit is spelled OFFSET (VMA_LOCK_OFFSET): a lone "O" reads as a zero.
        if (v == O) return "OFFSET";
        if (v & O) return "OFFSET+" + std::to_string(v - O);
        return std::to_string(v);
    }
    case field_kind::seq:
        return v == 0xffffffffLL ? "UINT_MAX" : std::to_string(v);
    case field_kind::pointer:
        if (v == 0) return "NULL";
        if (v > 0 && static_cast<std::size_t>(v) <= shape.objects.size()) return shape.objects[v - 1].name;
        return hex(v);
    case field_kind::task_mask: {
        std::string s;
        for (std::size_t t = 0; t < shape.thread_names.size(); ++t)
            if ((v >> t) & 1) detail::append(s, "|", shape.thread_names[t]);
        return s.empty() ? "none" : s;
    }
    case field_kind::task_queue: {
        std::string s;
        for (const queued_task& q : decode_task_queue(v)) {
            const auto t = static_cast<std::size_t>(q.thread);
            detail::append(s, ", ", t < shape.thread_names.size() ? shape.thread_names[t] : "?");
        }
        return s.empty() ? "empty" : s;
    }
    case field_kind::task_state:
        return v == 0 ? "TASK_RUNNING" : v == 1 ? "TASK_INTERRUPTIBLE" : v == 2 ? "TASK_UNINTERRUPTIBLE" : std::to_string(v);
    case field_kind::flags:
        return v == 0 ? "0" : hex(v) + " (" + flag_names(field, v) + ")";
    case field_kind::boolean:
        return v ? "true" : "false";
    case field_kind::life:
        return v == 0 ? "unused" : v == 1 ? "live" : "freed";
    case field_kind::integer:
        return v > 0xffff ? hex(v) : std::to_string(v);
    case field_kind::ghost:
        return std::to_string(v);
    }
    return std::to_string(v);
}

std::string flag_names(const field_info& field, value_t v) {
    std::string s;
    for (std::size_t b = 0; b < 63; ++b) {
        if (!((v >> b) & 1)) continue;
        const bool named = b < field.bit_names.size() && !field.bit_names[b].empty();
        detail::append(s, "|", named ? field.bit_names[b] : hex(value_t{1} << b));
    }
    return s.empty() ? "0" : s;
}

const field_info* first_field_of_kind(const layout& shape, field_kind kind) {
    for (const auto& o : shape.objects)
        for (const auto& f : o.fields)
            if (f.kind == kind) return &f;
    return nullptr;
}

field_ref field_at(const layout& shape, std::int32_t cell) {
    for (const auto& o : shape.objects)
        for (const auto& f : o.fields)
            if (static_cast<std::int32_t>(f.cell) == cell) return {&o, &f};
    return {};
}

std::string cell_name(const layout& shape, std::int32_t cell) {
    const field_ref at = field_at(shape, cell);
    if (!at) return {};
    return shape.script.empty() ? at.object->name + "." + at.field->name : at.field->name;
}

const field_info* find_field(const layout& shape, const std::string& object, const std::string& field) {
    for (const auto& o : shape.objects)
        if (o.name == object)
            for (const auto& f : o.fields)
                if (f.name == field) return &f;
    return nullptr;
}

std::string describe_event(const event& e, const layout& shape) {
    std::string text = e.op;
    if (const field_ref at = field_at(shape, e.cell)) {
        const std::string after = format_value(shape, *at.field, e.new_value);
        text += "  " + cell_name(shape, e.cell) + "  ";
        text += e.old_value == e.new_value ? "= " + after : format_value(shape, *at.field, e.old_value) + " -> " + after;
    }
    if (e.failed) text += "  (failed)";
    if (e.woke != no_thread) text += "  wakes " + shape.thread_names.at(static_cast<std::size_t>(e.woke));
    return text;
}

value_t snapshot::value(const std::string& object, const std::string& field) const {
    if (const field_info* f = find_field(*shape, object, field)) return cells.at(f->cell);
    throw std::out_of_range("no field " + object + "." + field);
}

namespace {
bool same_place(const std::source_location& a, const std::source_location& b) {
    return a.line() == b.line() && a.column() == b.column() && std::string_view(a.file_name()) == b.file_name();
}
bool same(const event& a, const event& b) {
    return a.step == b.step && a.thread == b.thread && same_place(a.where, b.where) &&
           std::string_view(a.op) == b.op && std::string_view(a.function) == b.function && a.cell == b.cell &&
           a.old_value == b.old_value && a.new_value == b.new_value && a.failed == b.failed && a.woke == b.woke;
}
bool same(const thread_view& a, const thread_view& b) {
    return a.name == b.name && a.state == b.state && a.interruptible == b.interruptible && a.in_rcu == b.in_rcu &&
           a.stack == b.stack && same_place(a.where, b.where) && a.next_op == b.next_op && a.label == b.label &&
           a.waiting_for == b.waiting_for && a.locks_held == b.locks_held && a.blocked_on == b.blocked_on;
}
bool same(const verdict& a, const verdict& b) {
    return a.invariant == b.invariant && a.message == b.message && a.step == b.step && a.threads == b.threads &&
           a.cycle == b.cycle;
}
template <class T>
bool same_list(const std::vector<T>& a, const std::vector<T>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
    return true;
}
}  // namespace

bool snapshot::operator==(const snapshot& o) const {
    if (step != o.step || cells != o.cells || finished != o.finished) return false;
    if (weak.size() != o.weak.size()) return false;
    for (std::size_t i = 0; i < weak.size(); ++i) {
        const weak_location &a = weak[i], &b = o.weak[i];
        if (a.cell != b.cell || a.horizon != b.horizon || a.stores.size() != b.stores.size()) return false;
        for (std::size_t k = 0; k < a.stores.size(); ++k)
            if (a.stores[k].value != b.stores[k].value || a.stores[k].writer != b.stores[k].writer ||
                a.stores[k].step != b.stores[k].step || a.stores[k].reserved != b.stores[k].reserved)
                return false;
    }
    if (!same_list(threads, o.threads) || !same_list(verdicts, o.verdicts)) return false;
    if (last_event.has_value() != o.last_event.has_value()) return false;
    return !last_event || same(*last_event, *o.last_event);
}

}  // namespace lockstep
