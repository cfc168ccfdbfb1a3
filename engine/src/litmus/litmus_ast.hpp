// A litmus test in the Linux kernel's format (tools/memory-model/litmus-tests): the syntax tree
// the parser builds and the interpreter runs. The subset is the kernel's: a `C NAME` header, an
// init block, threads P0..Pn written in C with the kernel's primitives, an optional
// `locations [...]` and `filter (...)`, and a final `exists`, `~exists` or `forall` condition.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lockstep::litmus {

struct source_pos {
    int line = 0;    // 1-based
    int column = 0;  // 1-based
};

// Bad input: what() reads "FILE:LINE:COLUMN: MESSAGE", the message saying what was expected.
struct parse_error : std::runtime_error {
    parse_error(const std::string& file, source_pos pos, const std::string& message);
    std::string file;
    source_pos pos;
    std::string message;
};

// A value in the init block or a condition: a number, or the address of a shared variable
// (`&x` in the init block, `x` on the right of a condition's `=`).
struct value {
    bool is_address = false;
    std::int64_t number = 0;
    std::string location;  // when is_address
};

// An expression in a thread's body.
struct expr {
    enum class kind {
        constant,  // 1, -2, 0x10
        name,      // a register, or a parameter (a pointer to a shared variable)
        call,      // READ_ONCE(*x), smp_load_acquire(x), xchg(x, 1), atomic_add_return(1, v), ...
        unary,     // op is one of "*" (dereference), "&", "!", "-", "~"
        binary,    // op is one of + - * / % & | ^ << >> == != < <= > >= && ||
        ternary,   // args[0] ? args[1] : args[2]
    };
    kind k = kind::constant;
    std::int64_t number = 0;   // constant
    std::string text;          // name: the identifier; call: the function; unary/binary: the operator
    std::vector<expr> args;    // call arguments, operands
    source_pos pos;
};

struct stmt {
    enum class kind {
        declare,  // `int r0;` `int *r1 = expr;` (text: the register; args: the initialiser if any)
        assign,   // `r0 = expr;` (text: the register; args[0]: the expression); a plain store
                  // through a pointer, `*x = expr;`, has text "" and args[1]: the target, a
                  // unary "*" expression (args[0] is still the value)
        call,     // an expression statement: `WRITE_ONCE(*x, 1);` `smp_mb();` (args[0]: the call)
        if_,      // `if (args[0]) body else orelse`
        block,    // `{ body }`
    };
    kind k = kind::call;
    std::string text;
    std::vector<expr> args;
    std::vector<stmt> body;
    std::vector<stmt> orelse;
    source_pos pos;
};

struct parameter {
    std::string type;  // "int *", "int **", "spinlock_t *", "atomic_t *"
    std::string name;  // the shared variable it points to
    source_pos pos;
};

struct thread {
    int index = 0;  // the n of Pn
    std::vector<parameter> parameters;
    std::vector<stmt> body;
    source_pos pos;
};

// An init-block entry: `x=1;` `int y=2;` `int *p=&x;` `spinlock_t s;` `atomic_t v=ATOMIC_INIT(3);`
// `0:r1=2;` (a register's initial value, thread given).
struct init_entry {
    std::string type;      // as written, "" when none
    int thread = -1;       // >= 0 for a register
    std::string name;
    value initial;         // 0 when none is given
    source_pos pos;
};

// A condition over the final state: `0:r1=1 /\ x=2`, `~(...)`, `... \/ ...`, `true`.
struct condition {
    enum class kind { truth, equals, not_equals, negation, conjunction, disjunction };
    kind k = kind::truth;
    bool truth = true;     // for kind::truth
    int thread = -1;       // equals / not_equals: the register's thread, -1 for a shared variable
    std::string name;      // the register or variable
    value expected;
    std::vector<condition> operands;  // negation: one; conjunction / disjunction: two
    source_pos pos;
};

// A location listed in `locations [...]` to be printed in every final state.
struct location_ref {
    int thread = -1;  // -1: a shared variable
    std::string name;
};

struct test {
    std::string file;
    std::string arch;              // "C"
    std::string name;              // the header's NAME
    std::string expected_result;   // "Never", "Sometimes" or "Always" from a `Result:` line in
                                   // the header comment, "" if none
    std::vector<init_entry> init;
    std::vector<thread> threads;   // in index order, P0 first
    std::vector<location_ref> locations;
    std::optional<condition> filter;
    enum class quantifier { exists, not_exists, forall };
    quantifier q = quantifier::exists;
    condition final_condition;
    source_pos condition_pos;
};

// Parses `text` (the contents of `file`, which is used only in messages). Throws parse_error.
test parse(const std::string& text, const std::string& file);
// Reads and parses a file; a file that cannot be read is a parse_error at 0:0.
test parse_file(const std::string& path);

// herd7's text for a condition, as in "Observation" lines and the "exists" echo:
// "0:r1=1 /\ x=2".
std::string to_string(const condition& c);

}  // namespace lockstep::litmus
