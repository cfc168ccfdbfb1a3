// Reading a litmus test in the kernel's format (litmus_ast.hpp): a hand-written lexer and a
// recursive-descent parser. Three languages share one file: the header and the init block,
// the threads' C, and the final condition. They differ in one way that matters to the lexer:
// outside the threads `(* ... *)` is a comment, while inside a thread's body `(*p)` is C, so the
// parser tells the lexer which of the two it is reading. C comments are accepted everywhere.
#include "litmus_ast.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

namespace lockstep::litmus {

parse_error::parse_error(const std::string& f, source_pos p, const std::string& m)
    : std::runtime_error(f + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + m),
      file(f),
      pos(p),
      message(m) {}

namespace {

struct token {
    enum kind_t { end, ident, numeral, string, punct };
    kind_t kind = end;
    std::string text;  // as written (a string's contents without the quotes)
    std::int64_t number = 0;
    std::size_t offset = 0;  // where it starts in the text
    std::size_t end_offset = 0;
    source_pos pos;

    bool is(std::string_view p) const { return kind == punct && text == p; }
    bool is_word(std::string_view w) const { return kind == ident && text == w; }
};

// How a token is named in a message: "'r1'", "end of file".
std::string describe(const token& t) {
    switch (t.kind) {
        case token::end: return "end of file";
        case token::string: return "a string \"" + t.text + "\"";
        default: return "'" + t.text + "'";
    }
}

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class lexer {
public:
    lexer(const std::string& text, const std::string& file) : text_(text), file_(file) {
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < text_.size(); ++i)
            if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }

    // Outside the threads' bodies `(* ... *)` is a comment; inside them it is C.
    bool ocaml_comments = true;
    std::size_t offset = 0;

    struct comment {
        std::size_t offset;
        std::string text;
    };
    std::vector<comment> comments;  // in the order met, for the header's `Result:` line

    source_pos pos_at(std::size_t off) const {
        const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
        const auto line = static_cast<std::size_t>(after - line_starts_.begin());  // >= 1
        return {static_cast<int>(line), static_cast<int>(off - line_starts_[line - 1]) + 1};
    }

    [[noreturn]] void fail(source_pos p, const std::string& message) const { throw parse_error(file_, p, message); }

    token next() {
        skip_blanks();
        token t;
        t.offset = offset;
        t.pos = pos_at(offset);
        if (offset >= text_.size()) {
            t.end_offset = offset;
            return t;
        }
        const char c = text_[offset];
        if (is_ident_start(c)) {
            std::size_t e = offset;
            while (e < text_.size() && is_ident_char(text_[e])) ++e;
            t.kind = token::ident;
            t.text = text_.substr(offset, e - offset);
            offset = e;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            lex_number(t);
        } else if (c == '"') {
            const std::size_t close = text_.find('"', offset + 1);
            if (close == std::string::npos) fail(t.pos, "unterminated string: '\"' has no matching '\"'");
            t.kind = token::string;
            t.text = text_.substr(offset + 1, close - offset - 1);
            offset = close + 1;
        } else {
            lex_punct(t);
        }
        t.end_offset = offset;
        return t;
    }

    // The test's name after the architecture: the characters herd allows in one (letters,
    // digits and _ / . - + [ ]), read as they are since `+` and `.` are not C.
    std::string name_word() {
        while (offset < text_.size() && (text_[offset] == ' ' || text_[offset] == '\t')) ++offset;
        const std::size_t start = offset;
        while (offset < text_.size() && (is_ident_char(text_[offset]) || std::string_view("/.-+[]").find(text_[offset]) != std::string_view::npos))
            ++offset;
        return text_.substr(start, offset - start);
    }

    // What follows at the current offset, for a message: "the end of the line", "'('".
    std::string describe_here() const {
        if (offset >= text_.size()) return "end of file";
        if (text_[offset] == '\n' || text_[offset] == '\r') return "the end of the line";
        return "'" + std::string(1, text_[offset]) + "'";
    }

    void skip_rest_of_line() {
        while (offset < text_.size() && text_[offset] != '\n') ++offset;
    }

private:
    bool at(std::string_view s) const { return text_.compare(offset, s.size(), s) == 0; }

    void skip_blanks() {
        while (offset < text_.size()) {
            const char c = text_[offset];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
                ++offset;
            } else if (at("//")) {
                const std::size_t start = offset;
                skip_rest_of_line();
                comments.push_back({start, text_.substr(start, offset - start)});
            } else if (at("/*")) {
                const std::size_t close = text_.find("*/", offset + 2);
                if (close == std::string::npos) fail(pos_at(offset), "unterminated comment: '/*' has no matching '*/'");
                comments.push_back({offset, text_.substr(offset, close + 2 - offset)});
                offset = close + 2;
            } else if (ocaml_comments && at("(*")) {
                // OCaml comments nest.
                const std::size_t start = offset;
                int depth = 0;
                std::size_t i = offset;
                while (i < text_.size()) {
                    if (text_.compare(i, 2, "(*") == 0) {
                        ++depth;
                        i += 2;
                    } else if (text_.compare(i, 2, "*)") == 0) {
                        i += 2;
                        if (--depth == 0) break;
                    } else {
                        ++i;
                    }
                }
                if (depth > 0) fail(pos_at(start), "unterminated comment: '(*' has no matching '*)'");
                comments.push_back({start, text_.substr(start, i - start)});
                offset = i;
            } else {
                return;
            }
        }
    }

    void lex_number(token& t) {
        std::size_t e = offset;
        int base = 10;
        if (text_[e] == '0' && e + 1 < text_.size() && (text_[e + 1] == 'x' || text_[e + 1] == 'X')) {
            base = 16;
            e += 2;
            while (e < text_.size() && std::isxdigit(static_cast<unsigned char>(text_[e]))) ++e;
        } else {
            while (e < text_.size() && std::isdigit(static_cast<unsigned char>(text_[e]))) ++e;
        }
        std::size_t word_end = e;
        while (word_end < text_.size() && is_ident_char(text_[word_end])) ++word_end;
        t.kind = token::numeral;
        t.text = text_.substr(offset, word_end - offset);
        if (word_end != e || (base == 16 && e == offset + 2))
            fail(t.pos, "malformed number '" + t.text + "' (expected decimal digits or 0x and hexadecimal digits)");
        std::uint64_t v = 0;
        const std::uint64_t limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        for (std::size_t i = (base == 16 ? offset + 2 : offset); i < e; ++i) {
            const char d = text_[i];
            const unsigned digit = std::isdigit(static_cast<unsigned char>(d))
                                       ? static_cast<unsigned>(d - '0')
                                       : static_cast<unsigned>(std::tolower(static_cast<unsigned char>(d)) - 'a' + 10);
            if (v > (limit - digit) / static_cast<unsigned>(base)) fail(t.pos, "number '" + t.text + "' is too large");
            v = v * static_cast<unsigned>(base) + digit;
        }
        t.number = static_cast<std::int64_t>(v);
        offset = e;
    }

    void lex_punct(token& t) {
        // Longest first. `=>` and `<>` belong to the condition language only.
        static constexpr std::array<std::string_view, 20> two = {
            "/\\", "\\/", "==", "!=", "<=", ">=", "<<", ">>", "&&", "||",
            "++", "--", "+=", "-=", "*=", "/=", "&=", "|=", "^=", "->"};
        for (std::string_view p : two) {
            if (at(p)) {
                t.kind = token::punct;
                t.text = std::string(p);
                offset += p.size();
                return;
            }
        }
        if (ocaml_comments && (at("=>") || at("<>"))) {
            t.kind = token::punct;
            t.text = text_.substr(offset, 2);
            offset += 2;
            return;
        }
        const char c = text_[offset];
        if (std::string_view("{}()[];,:=+-*/%&|^~!<>?.").find(c) != std::string_view::npos) {
            t.kind = token::punct;
            t.text = std::string(1, c);
            ++offset;
            return;
        }
        std::string shown;
        if (std::isprint(static_cast<unsigned char>(c))) {
            shown = std::string(1, c);
        } else {
            static const char* hex = "0123456789abcdef";
            const auto u = static_cast<unsigned char>(c);
            shown = std::string("\\x") + hex[u >> 4] + hex[u & 15];
        }
        fail(t.pos, "unexpected character '" + shown + "'");
    }

    const std::string& text_;
    const std::string& file_;
    std::vector<std::size_t> line_starts_;
};

// Words that start a declaration in a thread's body or a typed init entry.
bool is_type_word(std::string_view w) {
    static const std::set<std::string_view> words = {
        "int",       "long",      "short",     "char",     "unsigned", "signed",   "bool",     "_Bool",
        "void",      "const",     "volatile",  "_Atomic",  "struct",   "spinlock_t", "atomic_t", "atomic_long_t",
        "intptr_t",  "uintptr_t", "size_t",    "int8_t",   "uint8_t",  "int16_t",  "uint16_t", "int32_t",
        "uint32_t",  "int64_t",   "uint64_t",  "u8",       "u16",      "u32",      "u64",      "s8",
        "s16",       "s32",       "s64",       "srcu_struct"};
    return words.count(w) != 0;
}

// C statements and keywords the subset leaves out: each gets its own message.
bool is_unsupported_keyword(std::string_view w) {
    static const std::set<std::string_view> words = {"while", "for",  "do",     "goto",    "switch", "case",
                                                      "default", "return", "break", "continue", "sizeof", "typedef"};
    return words.count(w) != 0;
}

// A type written as several words ("unsigned long") is kept with single spaces.
void add_word(std::string& words, const std::string& word) {
    if (!words.empty()) words += ' ';
    words += word;
}

// "P3" -> 3; -1 when `w` is not a thread's name.
int thread_number(std::string_view w) {
    if (w.size() < 2 || w[0] != 'P' || w.size() > 10) return -1;
    int n = 0;
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(w[i]))) return -1;
        n = n * 10 + (w[i] - '0');
    }
    return n;
}

class parser {
public:
    parser(const std::string& text, const std::string& file) : lex_(text, file), file_(file) {}

    test run() {
        test t;
        t.file = file_;
        header(t);
        init_block(t);
        threads(t);
        final_section(t);
        check_thread_references(t);
        return t;
    }

private:
    // ---- tokens ---------------------------------------------------------------------------

    const token& peek(std::size_t k = 0) {
        while (ahead_.size() <= k) ahead_.push_back(lex_.next());
        return ahead_[k];
    }

    token take() {
        peek();
        token t = std::move(ahead_.front());
        ahead_.pop_front();
        consumed_end_ = t.end_offset;
        return t;
    }

    // Switches between the C of a thread's body and the rest; tokens already looked at are
    // read again from the end of the last one taken, since a comment may now read otherwise.
    void read_c(bool c) {
        if (lex_.ocaml_comments == !c) return;
        rewind_to_consumed();
        lex_.ocaml_comments = !c;
    }

    void rewind_to_consumed() {
        if (ahead_.empty()) return;
        lex_.offset = consumed_end_;
        ahead_.clear();
        while (!lex_.comments.empty() && lex_.comments.back().offset >= consumed_end_) lex_.comments.pop_back();
    }

    [[noreturn]] void fail(source_pos p, const std::string& message) const { lex_.fail(p, message); }
    [[noreturn]] void fail_at(const token& t, const std::string& expected) const {
        lex_.fail(t.pos, "expected " + expected + ", found " + describe(t));
    }

    token expect(std::string_view p, const std::string& expected) {
        if (!peek().is(p)) fail_at(peek(), expected);
        return take();
    }

    token expect_ident(const std::string& expected) {
        if (peek().kind != token::ident) fail_at(peek(), expected);
        return take();
    }

    // ---- header ---------------------------------------------------------------------------

    void header(test& t) {
        const token arch = peek();
        if (arch.kind != token::ident)
            fail_at(arch, "the header 'C NAME' at the start of the test");
        if (arch.text != "C")
            fail(arch.pos, "expected 'C' (only litmus tests in the kernel's C format are read), found " + describe(arch));
        take();
        rewind_to_consumed();
        lex_.offset = consumed_end_;
        t.arch = arch.text;
        t.name = lex_.name_word();
        if (t.name.empty())
            fail(lex_.pos_at(lex_.offset), "expected the test's name after 'C' on the same line, found " + lex_.describe_here());
        consumed_end_ = lex_.offset;

        // Before the init block: comments (the lexer keeps them), a doc string, and herd's
        // `key = value` information lines.
        if (peek().kind == token::string) take();
        while (peek().kind == token::ident && peek(1).is("=")) {
            take();
            take();
            rewind_to_consumed();
            lex_.offset = consumed_end_;
            lex_.skip_rest_of_line();
            consumed_end_ = lex_.offset;
        }
        if (!peek().is("{")) fail_at(peek(), "'{' to open the initial state");
        for (const auto& c : lex_.comments) {
            if (c.offset >= peek().offset) break;
            if (!t.expected_result.empty()) break;
            t.expected_result = result_in(c.text);
        }
    }

    // "Never" from a comment holding "Result: Never"; "" if none of the three words follows.
    static std::string result_in(const std::string& comment) {
        const std::size_t at = comment.find("Result:");
        if (at == std::string::npos) return "";
        std::size_t i = at + 7;
        while (i < comment.size() && (comment[i] == ' ' || comment[i] == '\t')) ++i;
        std::size_t e = i;
        while (e < comment.size() && std::isalpha(static_cast<unsigned char>(comment[e]))) ++e;
        const std::string word = comment.substr(i, e - i);
        return word == "Never" || word == "Sometimes" || word == "Always" ? word : "";
    }

    // ---- init block -----------------------------------------------------------------------

    void init_block(test& t) {
        take();  // '{'
        std::map<std::string, source_pos> seen;
        for (;;) {
            if (peek().is("}")) break;
            if (peek().is(";")) {
                take();
                continue;
            }
            init_entry e = init_item();
            const std::string key = (e.thread >= 0 ? std::to_string(e.thread) + ":" : "") + e.name;
            if (const auto it = seen.find(key); it != seen.end())
                fail(e.pos, "'" + key + "' is initialised twice (first at line " + std::to_string(it->second.line) + ")");
            seen.emplace(key, e.pos);
            t.init.push_back(std::move(e));
            if (peek().is("}")) break;
            expect(";", "';' or '}' after an initial value");
        }
        take();  // '}'
    }

    init_entry init_item() {
        init_entry e;
        e.pos = peek().pos;
        // A type is one or more words followed by stars, before the name.
        std::string words;
        while (peek().kind == token::ident && (peek(1).kind == token::ident || peek(1).is("*") || peek(1).kind == token::numeral)) {
            if (peek(1).kind == token::ident && thread_number(peek(1).text) >= 0 && peek(2).is(":")) {
                // `int P0:r1` keeps going below with the register.
                add_word(words, take().text);
                break;
            }
            add_word(words, take().text);
        }
        std::string stars;
        while (peek().is("*")) {
            if (words.empty()) fail_at(peek(), "a variable, a register such as '0:r1', or a type");
            stars += take().text;
        }
        e.type = words + (stars.empty() ? "" : " " + stars);
        location(e.thread, e.name, "a variable or a register such as '0:r1' in the initial state");
        if (peek().is("=")) {
            take();
            e.initial = init_value();
        }
        return e;
    }

    value init_value() {
        value v;
        if (peek().is("&")) {
            take();
            const token n = expect_ident("a shared variable's name after '&'");
            v.is_address = true;
            v.location = n.text;
            return v;
        }
        if (peek().is_word("ATOMIC_INIT")) {
            take();
            expect("(", "'(' after 'ATOMIC_INIT'");
            v = number_value("a number in 'ATOMIC_INIT(...)'");
            expect(")", "')' to close 'ATOMIC_INIT('");
            return v;
        }
        if (peek().kind == token::ident) {
            // A name stands for the variable's address: `y=z` makes y point to z.
            v.is_address = true;
            v.location = take().text;
            return v;
        }
        return number_value("an initial value (a number, '&x', a variable's name or 'ATOMIC_INIT(n)')");
    }

    value number_value(const std::string& expected) {
        value v;
        bool negative = false;
        if (peek().is("-")) {
            take();
            negative = true;
        }
        if (peek().kind != token::numeral) fail_at(peek(), expected);
        v.number = take().number;
        if (negative) v.number = -v.number;
        return v;
    }

    // `x`, `0:r1` or `P0:r1`: thread -1 for a shared variable.
    void location(int& thread, std::string& name, const std::string& expected) {
        const token& t = peek();
        if (t.kind == token::numeral && peek(1).is(":")) {
            if (t.number > 1000000) fail(t.pos, "thread number " + t.text + " is too large");
            thread = static_cast<int>(take().number);
            take();
            name = expect_ident("a register's name after '" + std::to_string(thread) + ":'").text;
            return;
        }
        if (t.kind == token::ident && thread_number(t.text) >= 0 && peek(1).is(":")) {
            thread = thread_number(take().text);
            take();
            name = expect_ident("a register's name after 'P" + std::to_string(thread) + ":'").text;
            return;
        }
        if (t.kind != token::ident) fail_at(t, expected);
        thread = -1;
        name = take().text;
    }

    // ---- threads --------------------------------------------------------------------------

    static bool starts_final_section(const token& t) {
        return t.is("~") || t.is_word("exists") || t.is_word("forall") || t.is_word("locations") ||
               t.is_word("filter") || t.is_word("not") || t.is_word("final");
    }

    void threads(test& t) {
        for (;;) {
            const token& tok = peek();
            const std::string want = "P" + std::to_string(t.threads.size());
            if (tok.kind == token::end || starts_final_section(tok)) {
                if (t.threads.empty()) fail_at(tok, "thread 'P0' after the initial state");
                if (tok.kind == token::end) fail_at(tok, "thread '" + want + "' or the final condition ('exists', '~exists' or 'forall')");
                return;
            }
            const int n = tok.kind == token::ident ? thread_number(tok.text) : -1;
            if (n < 0)
                fail_at(tok, "thread '" + want + "' or the final condition ('exists', '~exists' or 'forall')");
            if (n < static_cast<int>(t.threads.size()))
                fail(tok.pos, "thread '" + tok.text + "' is defined twice (first at line " +
                                  std::to_string(t.threads[static_cast<std::size_t>(n)].pos.line) + ")");
            if (n > static_cast<int>(t.threads.size()))
                fail(tok.pos, "expected thread '" + want + "' (threads are numbered from P0 in order), found '" + tok.text + "'");
            t.threads.push_back(thread_def(n));
        }
    }

    thread thread_def(int n) {
        thread th;
        th.index = n;
        th.pos = take().pos;
        const std::string self = "P" + std::to_string(n);
        expect("(", "'(' and the parameters after '" + self + "'");
        std::set<std::string> names;
        if (!peek().is(")")) {
            for (;;) {
                parameter p = parameter_def();
                if (!names.insert(p.name).second) fail(p.pos, "parameter '" + p.name + "' appears twice in " + self + "'s list");
                th.parameters.push_back(std::move(p));
                if (peek().is(")")) break;
                expect(",", "',' or ')' in " + self + "'s parameter list");
            }
        }
        take();  // ')'
        expect("{", "'{' to open " + self + "'s body");
        read_c(true);
        while (!peek().is("}")) {
            if (peek().kind == token::end) fail_at(peek(), "'}' to close " + self + "'s body");
            statement(th.body);
        }
        take();  // '}'
        read_c(false);
        return th;
    }

    parameter parameter_def() {
        parameter p;
        p.pos = peek().pos;
        std::string words;
        while (peek().kind == token::ident && (peek(1).kind == token::ident || peek(1).is("*"))) add_word(words, take().text);
        if (words.empty()) fail_at(peek(), "a parameter such as 'int *x'");
        std::string stars;
        while (peek().is("*")) stars += take().text;
        const token name = expect_ident("a parameter's name");
        p.name = name.text;
        if (stars.empty())
            fail(name.pos, "parameter '" + p.name + "' must be a pointer to a shared variable ('" + words + " *" + p.name + "')");
        p.type = words + " " + stars;
        return p;
    }

    // ---- statements -----------------------------------------------------------------------

    // Appends what one statement makes: nothing for `;`, several for `int r0, r1;`.
    void statement(std::vector<stmt>& out) {
        const token& t = peek();
        if (t.is(";")) {
            take();
            return;
        }
        if (t.is("{")) {
            stmt b;
            b.k = stmt::kind::block;
            b.pos = take().pos;
            while (!peek().is("}")) {
                if (peek().kind == token::end) fail_at(peek(), "'}' to close the block opened at line " + std::to_string(b.pos.line));
                statement(b.body);
            }
            take();
            out.push_back(std::move(b));
            return;
        }
        if (t.kind == token::ident) {
            if (t.text == "if") {
                out.push_back(if_statement());
                return;
            }
            if (t.text == "else") fail(t.pos, "'else' without an 'if' before it");
            if (is_unsupported_keyword(t.text))
                fail(t.pos, "'" + t.text + "' is not in the litmus subset of C (no loops, switch, goto or return): "
                                "expected a declaration, an assignment, a call, 'if' or a block");
            if (is_type_word(t.text) && (peek(1).kind == token::ident || peek(1).is("*"))) {
                declaration(out);
                return;
            }
        }
        stmt s;
        s.pos = t.pos;
        if (t.is("(") && peek(1).is_word("void") && peek(2).is(")")) {
            // `(void)atomic_add_unless(v, 1, 0);` discards a result.
            take();
            take();
            take();
            expr e = expression();
            if (e.k != expr::kind::call) fail(e.pos, "expected a call after '(void)'");
            s.k = stmt::kind::call;
            s.args.push_back(std::move(e));
            expect(";", "';' after the statement");
            out.push_back(std::move(s));
            return;
        }
        expr e = expression();
        if (peek().is("=")) {
            take();
            expr rhs = expression();
            s.k = stmt::kind::assign;
            if (e.k == expr::kind::name) {
                s.text = e.text;
                s.args.push_back(std::move(rhs));
            } else if (e.k == expr::kind::unary && e.text == "*") {
                s.args.push_back(std::move(rhs));
                s.args.push_back(std::move(e));
            } else {
                fail(e.pos, "cannot assign to this expression: expected a register or '*pointer' before '='");
            }
        } else if (e.k == expr::kind::call) {
            s.k = stmt::kind::call;
            s.args.push_back(std::move(e));
        } else {
            if (peek().is(";")) fail(e.pos, "this expression does nothing: expected an assignment or a call");
            fail_at(peek(), "';' after the statement");
        }
        expect(";", "';' after the statement");
        out.push_back(std::move(s));
    }

    stmt if_statement() {
        stmt s;
        s.k = stmt::kind::if_;
        s.pos = take().pos;
        expect("(", "'(' after 'if'");
        s.args.push_back(expression());
        expect(")", "')' to close the condition of 'if'");
        s.body = branch();
        if (peek().is_word("else")) {
            take();
            s.orelse = branch();
        }
        return s;
    }

    // An if's branch: a block's statements, or the one statement.
    std::vector<stmt> branch() {
        if (peek().kind == token::end) fail_at(peek(), "a statement");
        std::vector<stmt> one;
        statement(one);
        if (one.size() == 1 && one[0].k == stmt::kind::block) return std::move(one[0].body);
        return one;
    }

    // Every declarator gets the declaration's position, where its type starts.
    void declaration(std::vector<stmt>& out) {
        const source_pos start = peek().pos;
        // The type: its words, then per declarator its stars (`int *r1, r2;`).
        while (peek().kind == token::ident && is_type_word(peek().text)) take();
        if (peek().kind == token::ident && (peek(1).kind == token::ident || peek(1).is("*"))) take();  // a typedef name
        for (;;) {
            while (peek().is("*")) take();
            stmt d;
            d.k = stmt::kind::declare;
            const token name = expect_ident("a register's name in the declaration");
            if (is_type_word(name.text) || is_unsupported_keyword(name.text) || name.text == "if" || name.text == "else")
                fail(name.pos, "expected a register's name in the declaration, found '" + name.text + "'");
            d.pos = start;
            d.text = name.text;
            if (peek().is("[")) fail(peek().pos, "arrays are not supported in litmus tests");
            if (peek().is("=")) {
                take();
                d.args.push_back(expression());
            }
            out.push_back(std::move(d));
            if (peek().is(",")) {
                take();
                continue;
            }
            expect(";", "';' after the declaration");
            return;
        }
    }

    // ---- expressions ----------------------------------------------------------------------

    expr expression() {
        expr c = binary(1);
        if (!peek().is("?")) return c;
        take();
        expr e;
        e.k = expr::kind::ternary;
        e.pos = c.pos;
        e.text = "?:";
        e.args.push_back(std::move(c));
        e.args.push_back(expression());
        expect(":", "':' in the conditional expression");
        e.args.push_back(expression());
        return e;
    }

    static int precedence(const token& t) {
        if (t.kind != token::punct) return 0;
        static const std::map<std::string_view, int> table = {
            {"||", 1}, {"&&", 2}, {"|", 3},  {"^", 4},  {"&", 5},  {"==", 6}, {"!=", 6},
            {"<", 7},  {"<=", 7}, {">", 7},  {">=", 7}, {"<<", 8}, {">>", 8}, {"+", 9},
            {"-", 9},  {"*", 10}, {"/", 10}, {"%", 10}};
        const auto it = table.find(t.text);
        return it == table.end() ? 0 : it->second;
    }

    expr binary(int min_precedence) {
        expr lhs = unary();
        for (;;) {
            const int p = precedence(peek());
            if (p == 0 || p < min_precedence) return lhs;
            expr e;
            e.k = expr::kind::binary;
            e.pos = lhs.pos;
            e.text = take().text;
            e.args.push_back(std::move(lhs));
            e.args.push_back(binary(p + 1));
            lhs = std::move(e);
        }
    }

    expr unary() {
        const token& t = peek();
        if (t.is("*") || t.is("&") || t.is("!") || t.is("-") || t.is("~")) {
            expr e;
            e.k = expr::kind::unary;
            e.pos = t.pos;
            e.text = take().text;
            expr operand = unary();
            if (e.text == "-" && operand.k == expr::kind::constant) {
                // A negative literal is a constant, as in herd.
                operand.number = -operand.number;
                operand.pos = e.pos;
                return operand;
            }
            e.args.push_back(std::move(operand));
            return e;
        }
        if (t.is("++") || t.is("--")) fail(t.pos, "'" + t.text + "' is not supported: write 'r = r + 1'");
        return postfix();
    }

    expr postfix() {
        expr e = primary();
        while (peek().is("(")) {
            if (e.k != expr::kind::name) fail(peek().pos, "only a function's name can be called");
            take();
            e.k = expr::kind::call;
            if (!peek().is(")")) {
                for (;;) {
                    e.args.push_back(expression());
                    if (peek().is(")")) break;
                    expect(",", "',' or ')' in the arguments of '" + e.text + "'");
                }
            }
            take();
        }
        if (peek().is("[") || peek().is(".") || peek().is("->"))
            fail(peek().pos, "arrays and structures are not supported in litmus tests (found '" + peek().text + "')");
        if (peek().is("++") || peek().is("--")) fail(peek().pos, "'" + peek().text + "' is not supported: write 'r = r + 1'");
        return e;
    }

    expr primary() {
        const token& t = peek();
        expr e;
        e.pos = t.pos;
        if (t.kind == token::numeral) {
            e.k = expr::kind::constant;
            e.number = take().number;
            return e;
        }
        if (t.kind == token::ident) {
            if (is_type_word(t.text) || is_unsupported_keyword(t.text) || t.text == "if" || t.text == "else")
                fail_at(t, "an expression");
            e.k = expr::kind::name;
            e.text = take().text;
            return e;
        }
        if (t.is("(")) {
            if (peek(1).kind == token::ident && is_type_word(peek(1).text))
                fail(t.pos, "casts are not supported in litmus tests (found '(" + peek(1).text + "')");
            take();
            e = expression();
            expect(")", "')' to close '('");
            return e;
        }
        fail_at(t, "an expression");
    }

    // ---- locations, filter, final condition -----------------------------------------------

    void final_section(test& t) {
        if (peek().is_word("locations")) {
            take();
            expect("[", "'[' after 'locations'");
            while (!peek().is("]")) {
                location_ref r;
                const source_pos at = peek().pos;
                location(r.thread, r.name, "a variable or a register such as '0:r1' in 'locations', or ']'");
                check_thread(t, r.thread, at);
                t.locations.push_back(std::move(r));
                if (peek().is("]")) break;
                expect(";", "';' or ']' in 'locations'");
            }
            take();
        }
        if (peek().is_word("filter")) {
            take();
            t.filter = disjunction(t);
        }
        const token q = peek();
        t.condition_pos = q.pos;
        if (q.is_word("exists")) {
            take();
            t.q = test::quantifier::exists;
        } else if (q.is_word("forall")) {
            take();
            t.q = test::quantifier::forall;
        } else if ((q.is("~") || q.is_word("not")) && peek(1).is_word("exists")) {
            take();
            take();
            t.q = test::quantifier::not_exists;
        } else {
            fail_at(q, "the final condition: 'exists', '~exists' or 'forall'");
        }
        t.final_condition = disjunction(t);
        if (peek().is(";")) take();
        if (peek().kind != token::end) fail_at(peek(), "the end of the test after the final condition");
    }

    // herd's precedence, loosest first: \/ then /\ then => then ~.
    condition disjunction(const test& t) {
        condition l = conjunction(t);
        while (peek().is("\\/")) {
            take();
            l = pair(condition::kind::disjunction, std::move(l), conjunction(t));
        }
        return l;
    }

    condition conjunction(const test& t) {
        condition l = implication(t);
        while (peek().is("/\\")) {
            take();
            l = pair(condition::kind::conjunction, std::move(l), implication(t));
        }
        return l;
    }

    // `a => b` is read as `~a \/ b`.
    condition implication(const test& t) {
        condition l = negation(t);
        if (!peek().is("=>")) return l;
        take();
        condition r = implication(t);
        condition n;
        n.k = condition::kind::negation;
        n.pos = l.pos;
        n.operands.push_back(std::move(l));
        return pair(condition::kind::disjunction, std::move(n), std::move(r));
    }

    static condition pair(condition::kind k, condition l, condition r) {
        condition c;
        c.k = k;
        c.pos = l.pos;
        c.operands.push_back(std::move(l));
        c.operands.push_back(std::move(r));
        return c;
    }

    condition negation(const test& t) {
        if (peek().is("~") || peek().is_word("not")) {
            condition c;
            c.k = condition::kind::negation;
            c.pos = take().pos;
            c.operands.push_back(negation(t));
            return c;
        }
        return atom(t);
    }

    condition atom(const test& t) {
        const token& tok = peek();
        condition c;
        c.pos = tok.pos;
        if (tok.is("(")) {
            take();
            c = disjunction(t);
            expect(")", "')' to close '(' in the condition");
            return c;
        }
        if (tok.is_word("true") || tok.is_word("false")) {
            c.k = condition::kind::truth;
            c.truth = take().text == "true";
            return c;
        }
        if (tok.kind != token::numeral && tok.kind != token::ident)
            fail_at(tok, "a condition such as '0:r1=1' or 'x=2'");
        location(c.thread, c.name, "a condition such as '0:r1=1' or 'x=2'");
        check_thread(t, c.thread, c.pos);
        const std::string shown = (c.thread >= 0 ? std::to_string(c.thread) + ":" : "") + c.name;
        if (peek().is("=") || peek().is("==")) {
            c.k = condition::kind::equals;
        } else if (peek().is("!=") || peek().is("<>")) {
            c.k = condition::kind::not_equals;
        } else {
            fail_at(peek(), "'=' or '!=' after '" + shown + "'");
        }
        take();
        if (peek().kind == token::ident && !peek().is_word("true") && !peek().is_word("false")) {
            c.expected.is_address = true;
            c.expected.location = take().text;
        } else {
            c.expected = number_value("a value after '" + shown + "=' (a number, or a variable's name for its address)");
        }
        return c;
    }

    void check_thread(const test& t, int thread, source_pos at) const {
        if (thread < 0 || thread < static_cast<int>(t.threads.size())) return;
        const std::string have = t.threads.size() == 1 ? "the test has one thread, P0"
                                                        : "the test's threads are P0 to P" + std::to_string(t.threads.size() - 1);
        fail(at, "there is no thread " + std::to_string(thread) + ": " + have);
    }

    // The init block comes before the threads, so its registers are checked at the end.
    void check_thread_references(const test& t) const {
        for (const init_entry& e : t.init) check_thread(t, e.thread, e.pos);
    }

    lexer lex_;
    std::string file_;
    std::deque<token> ahead_;
    std::size_t consumed_end_ = 0;
};

// ---- printing -----------------------------------------------------------------------------

int binding(const condition& c) {
    switch (c.k) {
        case condition::kind::disjunction: return 1;
        case condition::kind::conjunction: return 2;
        default: return 3;
    }
}

std::string print(const condition& c, int needed) {
    std::string s;
    switch (c.k) {
        case condition::kind::truth: s = c.truth ? "true" : "false"; break;
        case condition::kind::equals:
        case condition::kind::not_equals:
            if (c.thread >= 0) s = std::to_string(c.thread) + ":";
            s += c.name;
            s += c.k == condition::kind::equals ? "=" : "!=";
            s += c.expected.is_address ? c.expected.location : std::to_string(c.expected.number);
            break;
        case condition::kind::negation: s = "~" + print(c.operands.at(0), 3); break;
        case condition::kind::conjunction:
            // Left-associative: a nested conjunction on the right keeps its parentheses.
            s = print(c.operands.at(0), 2) + " /\\ " + print(c.operands.at(1), 3);
            break;
        case condition::kind::disjunction:
            s = print(c.operands.at(0), 1) + " \\/ " + print(c.operands.at(1), 2);
            break;
    }
    return binding(c) < needed ? "(" + s + ")" : s;
}

}  // namespace

test parse(const std::string& text, const std::string& file) { return parser(text, file).run(); }

test parse_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw parse_error(path, {0, 0}, std::string("cannot read the file: ") + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw parse_error(path, {0, 0}, "cannot read the file");
    return parse(buffer.str(), path);
}

std::string to_string(const condition& c) { return print(c, 0); }

}  // namespace lockstep::litmus
