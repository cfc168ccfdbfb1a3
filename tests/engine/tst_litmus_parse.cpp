// The litmus parser (engine/src/litmus): every shipped test in lessons/litmus parses to the
// threads, condition and verdict its file says; each construct of the format lands in the syntax
// tree where litmus_ast.hpp says it does; bad input is reported at its file, line and column;
// and to_string prints a condition the way herd7 does, so that it reads back the same.
#include "litmus/litmus_ast.hpp"

#include <QDir>
#include <QFileInfo>
#include <QtTest>

#include <map>
#include <set>

using namespace lockstep::litmus;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// An expression in prefix form, to check its shape in one comparison: "(+ 1 (* 2 3))".
std::string shape(const expr& e) {
    switch (e.k) {
        case expr::kind::constant: return std::to_string(e.number);
        case expr::kind::name: return e.text;
        case expr::kind::call: {
            std::string s = e.text + "(";
            for (std::size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + shape(e.args[i]);
            return s + ")";
        }
        case expr::kind::unary: return "(" + e.text + " " + shape(e.args.at(0)) + ")";
        case expr::kind::binary: return "(" + e.text + " " + shape(e.args.at(0)) + " " + shape(e.args.at(1)) + ")";
        case expr::kind::ternary:
            return "(? " + shape(e.args.at(0)) + " " + shape(e.args.at(1)) + " " + shape(e.args.at(2)) + ")";
    }
    return "?";
}

// A statement list in one line: "decl r0 = READ_ONCE((* x)); if r0 { call f() } else { }".
std::string shape(const std::vector<stmt>& body);
std::string shape(const stmt& s) {
    switch (s.k) {
        case stmt::kind::declare: return "decl " + s.text + (s.args.empty() ? "" : " = " + shape(s.args[0]));
        case stmt::kind::assign:
            return (s.text.empty() ? "store " + shape(s.args.at(1)) : "set " + s.text) + " = " + shape(s.args.at(0));
        case stmt::kind::call: return "call " + shape(s.args.at(0));
        case stmt::kind::if_:
            return "if " + shape(s.args.at(0)) + " { " + shape(s.body) + " } else { " + shape(s.orelse) + " }";
        case stmt::kind::block: return "block { " + shape(s.body) + " }";
    }
    return "?";
}
std::string shape(const std::vector<stmt>& body) {
    std::string out;
    for (const stmt& s : body) out += (out.empty() ? "" : "; ") + shape(s);
    return out;
}

// A two-thread test around a given final condition.
std::string with_condition(const std::string& cond) {
    return "C cond\n{}\nP0(int *a, int *b, int *c)\n{\n}\nP1(int *x)\n{\n}\nexists (" + cond + ")\n";
}

// What the error says for `text`, or "" when it parses.
QString error_of(const std::string& text) {
    try {
        parse(text, "t.litmus");
    } catch (const parse_error& e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

struct expected_test {
    int threads;
    const char* condition;
    const char* result;
    test::quantifier q = test::quantifier::exists;
};

// Every file in lessons/litmus, with what it must parse to. A new file must be added here.
const std::map<std::string, expected_test>& shipped() {
    static const std::map<std::string, expected_test> table = {
        {"2+2w-plain", {2, "a=1 /\\ b=1", "Sometimes"}},
        {"atomic-inc-mb-after-atomic", {2, "0:r0=1 /\\ 0:r1=0", "Never"}},
        {"corr", {2, "1:r0=1 /\\ 1:r1=0", "Never"}},
        {"corw", {2, "a=2 /\\ 0:r0=2", "Never"}},
        {"cowr", {2, "a=1 /\\ 0:r0=2", "Never"}},
        {"coww", {1, "a=1", "Never"}},
        {"iriw-mb", {4, "1:r0=1 /\\ 1:r1=0 /\\ 3:r0=1 /\\ 3:r1=0", "Never"}},
        {"iriw-plain", {4, "1:r0=1 /\\ 1:r1=0 /\\ 3:r0=1 /\\ 3:r1=0", "Sometimes"}},
        {"isa2-release-acquire", {3, "1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0", "Never"}},
        {"lb-plain", {2, "0:r0=1 /\\ 1:r0=1", "Sometimes"}},
        {"mp-locks", {2, "1:r0=1 /\\ 1:r1=0", "Never"}},
        {"mp-plain", {2, "1:r0=1 /\\ 1:r1=0", "Sometimes"}},
        {"mp-rcu-pointer", {2, "1:r0=node /\\ 1:r1=0", "Never"}},
        {"mp-release-acquire", {2, "1:r0=1 /\\ 1:r1=0", "Never"}},
        {"mp-wmb-rmb", {2, "1:r0=1 /\\ 1:r1=0", "Never"}},
        {"r-mb", {2, "b=2 /\\ 1:r0=0", "Never"}},
        {"r-plain", {2, "b=2 /\\ 1:r0=0", "Sometimes"}},
        {"s-plain", {2, "a=2 /\\ 1:r0=1", "Sometimes"}},
        {"s-wmb-acquire", {2, "a=2 /\\ 1:r0=1", "Never"}},
        {"sb-failed-cmpxchg", {2, "0:r0=0 /\\ 1:r0=0", "Sometimes"}},
        {"sb-failed-cmpxchg-mb-after-atomic", {2, "0:r0=0 /\\ 1:r0=0", "Never"}},
        {"sb-mb", {2, "0:r0=0 /\\ 1:r0=0", "Never"}},
        {"sb-plain", {2, "0:r0=0 /\\ 1:r0=0", "Sometimes"}},
        {"wrc-plain", {3, "1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0", "Sometimes"}},
        {"wrc-release-rmb", {3, "1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0", "Never"}},
        {"wrc-wmb-rmb", {3, "1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0", "Sometimes"}},
        {"z6.0-locks", {3, "1:r0=1 /\\ c=2 /\\ 2:r1=0", "Sometimes"}},
        {"z6.0-locks-mb-after-spinlock", {3, "1:r0=1 /\\ c=2 /\\ 2:r1=0", "Never"}},
    };
    return table;
}

}  // namespace

class tst_litmus_parse : public QObject {
    Q_OBJECT

private slots:
    // ---- the shipped tests --------------------------------------------------------------

    void everyShippedFileIsListed() {
        std::set<std::string> on_disk;
        const QDir dir(QStringLiteral(LOCKSTEP_LITMUS_DIR));
        for (const QString& f : dir.entryList({QStringLiteral("*.litmus")}, QDir::Files))
            on_disk.insert(QFileInfo(f).completeBaseName().toStdString());
        std::set<std::string> listed;
        for (const auto& [name, _] : shipped()) listed.insert(name);
        QCOMPARE(on_disk.size(), listed.size());
        QVERIFY(on_disk == listed);
    }

    void shippedFileParses_data() {
        QTest::addColumn<QString>("name");
        for (const auto& [name, _] : shipped()) QTest::newRow(name.c_str()) << q(name);
    }
    void shippedFileParses() {
        QFETCH(QString, name);
        const expected_test& want = shipped().at(name.toStdString());
        const std::string path = std::string(LOCKSTEP_LITMUS_DIR "/") + name.toStdString() + ".litmus";
        test t;
        try {
            t = parse_file(path);
        } catch (const parse_error& e) {
            QFAIL(e.what());
        }
        QCOMPARE(q(t.arch), QStringLiteral("C"));
        QCOMPARE(q(t.name), name);  // our files are named after their header
        QCOMPARE(int(t.threads.size()), want.threads);
        for (std::size_t i = 0; i < t.threads.size(); ++i) QCOMPARE(t.threads[i].index, int(i));
        QCOMPARE(q(to_string(t.final_condition)), QString::fromUtf8(want.condition));
        QCOMPARE(q(t.expected_result), QString::fromUtf8(want.result));
        QCOMPARE(int(t.q), int(want.q));
        QVERIFY(!t.filter);
    }

    void releaseAcquireTestHasItsStatements() {
        const test t = parse_file(LOCKSTEP_LITMUS_DIR "/mp-release-acquire.litmus");
        QCOMPARE(int(t.init.size()), 2);
        QCOMPARE(q(t.init[0].type), QStringLiteral("int"));
        QCOMPARE(q(t.init[0].name), QStringLiteral("payload"));
        QCOMPARE(t.init[0].initial.number, std::int64_t(0));
        QCOMPARE(int(t.threads[0].parameters.size()), 2);
        QCOMPARE(q(t.threads[0].parameters[1].type), QStringLiteral("int *"));
        QCOMPARE(q(t.threads[0].parameters[1].name), QStringLiteral("ready"));
        QCOMPARE(q(shape(t.threads[0].body)), QStringLiteral("call WRITE_ONCE((* payload), 1); call smp_store_release(ready, 1)"));
        QCOMPARE(q(shape(t.threads[1].body)),
                 QStringLiteral("decl r0; decl r1; set r0 = smp_load_acquire(ready); set r1 = READ_ONCE((* payload))"));
        // Positions: P1 starts on its own line; its first statement is indented by a tab.
        QCOMPARE(t.threads[1].pos.column, 1);
        QCOMPARE(t.threads[1].body[0].pos.column, 2);
        QCOMPARE(t.threads[1].body[0].pos.line, t.threads[1].pos.line + 2);
    }

    void rcuTestHasPointersAndAddresses() {
        const test t = parse_file(LOCKSTEP_LITMUS_DIR "/mp-rcu-pointer.litmus");
        QCOMPARE(int(t.init.size()), 2);
        QCOMPARE(q(t.init[1].type), QStringLiteral("int *"));
        QCOMPARE(q(t.init[1].name), QStringLiteral("head"));
        QVERIFY(t.init[1].initial.is_address);
        QCOMPARE(q(t.init[1].initial.location), QStringLiteral("blank"));
        QCOMPARE(q(t.threads[0].parameters[1].type), QStringLiteral("int **"));
        QCOMPARE(q(shape(t.threads[1].body)),
                 QStringLiteral("decl r0; decl r1; call rcu_read_lock(); set r0 = rcu_dereference((* head)); "
                                "set r1 = READ_ONCE((* r0)); call rcu_read_unlock()"));
        const condition& addr = t.final_condition.operands.at(0);
        QCOMPARE(int(addr.k), int(condition::kind::equals));
        QCOMPARE(addr.thread, 1);
        QCOMPARE(q(addr.name), QStringLiteral("r0"));
        QVERIFY(addr.expected.is_address);
        QCOMPARE(q(addr.expected.location), QStringLiteral("node"));
    }

    void lockAndAtomicTestsHaveTheirTypes() {
        const test locks = parse_file(LOCKSTEP_LITMUS_DIR "/z6.0-locks.litmus");
        QCOMPARE(q(locks.init.back().type), QStringLiteral("spinlock_t"));
        QCOMPARE(q(locks.threads[0].parameters[2].type), QStringLiteral("spinlock_t *"));
        const test atomic = parse_file(LOCKSTEP_LITMUS_DIR "/atomic-inc-mb-after-atomic.litmus");
        QCOMPARE(q(atomic.init[1].type), QStringLiteral("atomic_t"));
        QCOMPARE(q(atomic.init[1].name), QStringLiteral("hits"));
        QCOMPARE(q(atomic.threads[1].parameters[1].type), QStringLiteral("atomic_t *"));
        const test cas = parse_file(LOCKSTEP_LITMUS_DIR "/sb-failed-cmpxchg.litmus");
        QCOMPARE(int(cas.locations.size()), 2);
        QCOMPARE(cas.locations[1].thread, 1);
        QCOMPARE(q(cas.locations[1].name), QStringLiteral("r1"));
        QCOMPARE(q(shape(cas.threads[0].body[3])), QStringLiteral("set r1 = cmpxchg(turn, 1, 0)"));
    }

    // ---- the format, construct by construct ---------------------------------------------

    void headerCommentsAndDocString() {
        const test t = parse(
            "C demo+one (* after the name *)\n"
            "\"a generated doc string\"\n"
            "Com=Rf Fr\n"
            "(* nested (* comments *) and\n"
            " * Result: Always\n"
            " *)\n"
            "{ a=1; (* here too *) } // and a C comment\n"
            "// between the init block and the threads\n"
            "P0(int *a) // after the parameters\n"
            "{\n"
            "\t/* a C comment */ WRITE_ONCE(*a, 2); // another\n"
            "\tr0 = (*a);\n"
            "}\n"
            "(* between the threads and the condition *)\n"
            "exists (* inside *) (a=2 /\\ (* and here *) 0:r0=2) (* after *)\n",
            "demo.litmus");
        QCOMPARE(q(t.name), QStringLiteral("demo+one"));
        QCOMPARE(q(t.expected_result), QStringLiteral("Always"));
        QCOMPARE(q(shape(t.threads[0].body)), QStringLiteral("call WRITE_ONCE((* a), 2); set r0 = (* a)"));
        QCOMPARE(q(to_string(t.final_condition)), QStringLiteral("a=2 /\\ 0:r0=2"));
    }

    void resultLineOnlyCountsBeforeTheInitBlock() {
        QCOMPARE(q(parse("C t\n(* Result: Sometimes *)\n{}\nP0(int *a)\n{\n}\nexists (a=0)\n", "t").expected_result),
                 QStringLiteral("Sometimes"));
        QCOMPARE(q(parse("C t\n(* no verdict *)\n{}\nP0(int *a)\n{\n}\nexists (a=0) (* Result: Never *)\n", "t").expected_result),
                 QString());
        QCOMPARE(q(parse("C t\n(* Result: DEADLOCK *)\n{}\nP0(int *a)\n{\n}\nexists (a=0)\n", "t").expected_result), QString());
    }

    void initBlockForms() {
        const test t = parse(
            "C init\n"
            "{\n"
            "\tx=1;\n"
            "\tint y = 2;\n"
            "\tint *p = &x;\n"
            "\tint *q = y;\n"
            "\tspinlock_t s;\n"
            "\tatomic_t v = ATOMIC_INIT(-3);\n"
            "\t0:r1=0x10;\n"
            "\tP1:r2 = x;\n"
            "\tunsigned long w = -7\n"
            "}\n"
            "P0(int *x)\n{\n}\nP1(int *x)\n{\n}\nexists (x=1)\n",
            "init.litmus");
        QCOMPARE(int(t.init.size()), 9);
        auto row = [&](std::size_t i) {
            const init_entry& e = t.init[i];
            std::string s = e.type + "|" + (e.thread >= 0 ? std::to_string(e.thread) + ":" : "") + e.name + "|";
            s += e.initial.is_address ? "&" + e.initial.location : std::to_string(e.initial.number);
            return q(s);
        };
        QCOMPARE(row(0), QStringLiteral("|x|1"));
        QCOMPARE(row(1), QStringLiteral("int|y|2"));
        QCOMPARE(row(2), QStringLiteral("int *|p|&x"));
        QCOMPARE(row(3), QStringLiteral("int *|q|&y"));
        QCOMPARE(row(4), QStringLiteral("spinlock_t|s|0"));
        QCOMPARE(row(5), QStringLiteral("atomic_t|v|-3"));
        QCOMPARE(row(6), QStringLiteral("|0:r1|16"));
        QCOMPARE(row(7), QStringLiteral("|1:r2|&x"));
        QCOMPARE(row(8), QStringLiteral("unsigned long|w|-7"));
        QCOMPARE(t.init[2].pos.line, 5);
        QCOMPARE(t.init[2].pos.column, 2);

        QCOMPARE(int(parse("C e\n{}\nP0(int *x)\n{\n}\nexists (x=0)\n", "e").init.size()), 0);
        QCOMPARE(int(parse("C e\n{ ; }\nP0(int *x)\n{\n}\nexists (x=0)\n", "e").init.size()), 0);
    }

    void statementsAndExpressions() {
        const test t = parse(
            "C body\n{}\n"
            "P0(int *x, int *y, int *z, atomic_t *v)\n"
            "{\n"
            "\tint r0 = READ_ONCE(*x);\n"
            "\tint *r1, r2;\n"
            "\t*z = r0;\n"
            "\t*y = *z;\n"
            "\tif (*y == 1)\n"
            "\t\tWRITE_ONCE(*x, 1);\n"
            "\tif (r0 && !r2) {\n"
            "\t\tr2 = 1;\n"
            "\t\tsmp_mb();\n"
            "\t} else if (r0 != 2)\n"
            "\t\tr2 = 2;\n"
            "\telse {\n"
            "\t}\n"
            "\t{ r2 = 3; }\n"
            "\t;\n"
            "\t(void)atomic_add_unless(v, 1, 0);\n"
            "\tr2 = atomic_add_return(-1, v);\n"
            "}\n"
            "exists (x=1)\n",
            "body.litmus");
        const std::vector<stmt>& b = t.threads[0].body;
        QCOMPARE(int(b.size()), 10);
        QCOMPARE(q(shape(b[0])), QStringLiteral("decl r0 = READ_ONCE((* x))"));
        QCOMPARE(q(shape(b[1])), QStringLiteral("decl r1"));
        QCOMPARE(q(shape(b[2])), QStringLiteral("decl r2"));
        QCOMPARE(q(shape(b[3])), QStringLiteral("store (* z) = r0"));
        QCOMPARE(q(shape(b[4])), QStringLiteral("store (* y) = (* z)"));
        QCOMPARE(q(shape(b[5])), QStringLiteral("if (== (* y) 1) { call WRITE_ONCE((* x), 1) } else {  }"));
        QCOMPARE(q(shape(b[6])),
                 QStringLiteral("if (&& r0 (! r2)) { set r2 = 1; call smp_mb() } else { if (!= r0 2) { set r2 = 2 } else {  } }"));
        QCOMPARE(q(shape(b[7])), QStringLiteral("block { set r2 = 3 }"));
        QCOMPARE(q(shape(b[8])), QStringLiteral("call atomic_add_unless(v, 1, 0)"));
        QCOMPARE(q(shape(b[9])), QStringLiteral("set r2 = atomic_add_return(-1, v)"));
        QCOMPARE(b[3].pos.line, 7);
        QCOMPARE(b[3].pos.column, 2);
        QCOMPARE(b[3].args[1].pos.column, 2);
    }

    void expressionPrecedence_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("tree");
        QTest::newRow("product before sum") << "1 + 2 * 3" << "(+ 1 (* 2 3))";
        QTest::newRow("left to right") << "r1 - r2 - r3" << "(- (- r1 r2) r3)";
        QTest::newRow("parentheses") << "(1 + 2) * 3" << "(* (+ 1 2) 3)";
        QTest::newRow("shift below sum") << "r1 << 1 + 1" << "(<< r1 (+ 1 1))";
        QTest::newRow("comparison below shift") << "r1 < r2 >> 1" << "(< r1 (>> r2 1))";
        QTest::newRow("equality below comparison") << "r1 == r2 <= 3" << "(== r1 (<= r2 3))";
        QTest::newRow("bitwise and below equality") << "r1 & r2 != 0" << "(& r1 (!= r2 0))";
        QTest::newRow("xor between and and or") << "r1 | r2 ^ r3 & r4" << "(| r1 (^ r2 (& r3 r4)))";
        QTest::newRow("logical and below or-bits") << "r1 | r2 && r3" << "(&& (| r1 r2) r3)";
        QTest::newRow("logical or lowest") << "r1 && r2 || r3 && r4" << "(|| (&& r1 r2) (&& r3 r4))";
        QTest::newRow("ternary") << "r1 ? r2 + 1 : r3 ? 4 : 5" << "(? r1 (+ r2 1) (? r3 4 5))";
        QTest::newRow("unary operators") << "-r1 + ~r2 * !r3" << "(+ (- r1) (* (~ r2) (! r3)))";
        QTest::newRow("negative literal") << "-5 - -0x10" << "(- -5 -16)";
        QTest::newRow("remainder and division") << "r1 % 4 / 2" << "(/ (% r1 4) 2)";
        QTest::newRow("dereference and address") << "*r1 + READ_ONCE(*x) + f(&y)" << "(+ (+ (* r1) READ_ONCE((* x))) f((& y)))";
        QTest::newRow("calls nest") << "xchg(x, atomic_read(v) + 1)" << "xchg(x, (+ atomic_read(v) 1))";
    }
    void expressionPrecedence() {
        QFETCH(QString, source);
        QFETCH(QString, tree);
        const test t = parse("C e\n{}\nP0(int *x, int *y, atomic_t *v)\n{\n\tr0 = " + source.toStdString() + ";\n}\nexists (x=0)\n", "e");
        QCOMPARE(q(shape(t.threads[0].body.at(0).args.at(0))), tree);
    }

    void conditionSection() {
        const test t = parse(
            "C cond\n{}\nP0(int *x)\n{\n}\nP1(int *y)\n{\n}\n"
            "locations [0:r1; P1:r2; x; y]\n"
            "filter (0:r1=1)\n"
            "~exists 1:r2=0 \\/ x=1;\n",
            "cond.litmus");
        QCOMPARE(int(t.locations.size()), 4);
        QCOMPARE(t.locations[1].thread, 1);
        QCOMPARE(q(t.locations[1].name), QStringLiteral("r2"));
        QCOMPARE(t.locations[3].thread, -1);
        QCOMPARE(q(t.locations[3].name), QStringLiteral("y"));
        QVERIFY(t.filter.has_value());
        QCOMPARE(q(to_string(*t.filter)), QStringLiteral("0:r1=1"));
        QCOMPARE(int(t.q), int(test::quantifier::not_exists));
        QCOMPARE(t.condition_pos.line, 11);
        QCOMPARE(t.condition_pos.column, 1);
        QCOMPARE(q(to_string(t.final_condition)), QStringLiteral("1:r2=0 \\/ x=1"));
        QCOMPARE(t.final_condition.operands[1].pos.column, 19);

        const test all = parse("C f\n{}\nP0(int *x)\n{\n}\nlocations []\nforall (x=0 \\/ x=1)\n", "f");
        QCOMPARE(int(all.q), int(test::quantifier::forall));
        QVERIFY(all.locations.empty());
        const test spaced = parse("C f\n{}\nP0(int *x)\n{\n}\n~ exists (x=2)\n", "f");
        QCOMPARE(int(spaced.q), int(test::quantifier::not_exists));
    }

    // ---- errors -------------------------------------------------------------------------

    void errorsNameTheirPlace_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        const QString ok_threads = QStringLiteral("P0(int *x)\n{\n}\n");
        QTest::newRow("empty file") << "" << "t.litmus:1:1: expected the header 'C NAME' at the start of the test, found end of file";
        QTest::newRow("no header") << "{}\n" + ok_threads + "exists (x=1)\n"
                                   << "t.litmus:1:1: expected the header 'C NAME' at the start of the test, found '{'";
        QTest::newRow("other architecture") << "AArch64 t\n{}\n"
                                            << "t.litmus:1:1: expected 'C' (only litmus tests in the kernel's C format are read), found 'AArch64'";
        QTest::newRow("no name") << "C\n{}\n" << "t.litmus:1:2: expected the test's name after 'C' on the same line, found the end of the line";
        QTest::newRow("no init block") << "C t\n" + ok_threads << "t.litmus:2:1: expected '{' to open the initial state, found 'P0'";
        QTest::newRow("unterminated comment") << "C t\n{}\n\n  (* never closed\n" + ok_threads
                                              << "t.litmus:4:3: unterminated comment: '(*' has no matching '*)'";
        QTest::newRow("unterminated C comment") << "C t\n{}\nP0(int *x)\n{\n\t/* open\n}\n"
                                                << "t.litmus:5:2: unterminated comment: '/*' has no matching '*/'";
        QTest::newRow("unterminated string") << "C t\n\"doc\n" << "t.litmus:2:1: unterminated string: '\"' has no matching '\"'";
        QTest::newRow("init without semicolon") << "C t\n{ x=1 y=2 }\n" + ok_threads
                                                << "t.litmus:2:7: expected ';' or '}' after an initial value, found 'y'";
        QTest::newRow("init twice") << "C t\n{ x=1; int x; }\n" + ok_threads
                                    << "t.litmus:2:8: 'x' is initialised twice (first at line 2)";
        QTest::newRow("bad init value") << "C t\n{ x=; }\n" + ok_threads
                                        << "t.litmus:2:5: expected an initial value (a number, '&x', a variable's name or 'ATOMIC_INIT(n)'), found ';'";
        QTest::newRow("unknown thread name") << "C t\n{}\nQ0(int *x)\n{\n}\n"
                                             << "t.litmus:3:1: expected thread 'P0' or the final condition ('exists', '~exists' or 'forall'), found 'Q0'";
        QTest::newRow("threads out of order") << "C t\n{}\n" + ok_threads + "P2(int *x)\n{\n}\n"
                                              << "t.litmus:6:1: expected thread 'P1' (threads are numbered from P0 in order), found 'P2'";
        QTest::newRow("duplicate thread") << "C t\n{}\n" + ok_threads + "P0(int *x)\n{\n}\n"
                                          << "t.litmus:6:1: thread 'P0' is defined twice (first at line 3)";
        QTest::newRow("no threads") << "C t\n{}\nexists (x=1)\n" << "t.litmus:3:1: expected thread 'P0' after the initial state, found 'exists'";
        QTest::newRow("parameter not a pointer") << "C t\n{}\nP0(int x)\n{\n}\n"
                                                 << "t.litmus:3:8: parameter 'x' must be a pointer to a shared variable ('int *x')";
        QTest::newRow("parameter twice") << "C t\n{}\nP0(int *x, int *x)\n{\n}\n"
                                         << "t.litmus:3:12: parameter 'x' appears twice in P0's list";
        QTest::newRow("while loop") << "C t\n{}\nP0(int *x)\n{\n\twhile (1)\n\t\tsmp_mb();\n}\n"
                                    << "t.litmus:5:2: 'while' is not in the litmus subset of C (no loops, switch, goto or return): "
                                       "expected a declaration, an assignment, a call, 'if' or a block";
        QTest::newRow("goto") << "C t\n{}\nP0(int *x)\n{\n\tgoto out;\n}\n"
                              << "t.litmus:5:2: 'goto' is not in the litmus subset of C (no loops, switch, goto or return): "
                                 "expected a declaration, an assignment, a call, 'if' or a block";
        QTest::newRow("missing semicolon") << "C t\n{}\nP0(int *x)\n{\n\tint r0;\n\tr0 = READ_ONCE(*x)\n\tr1 = 2;\n}\n"
                                           << "t.litmus:7:2: expected ';' after the statement, found 'r1'";
        QTest::newRow("end of file in a body") << "C t\n{}\nP0(int *x)\n{\n\tsmp_mb();\n"
                                               << "t.litmus:6:1: expected '}' to close P0's body, found end of file";
        QTest::newRow("else alone") << "C t\n{}\nP0(int *x)\n{\n\telse smp_mb();\n}\n" << "t.litmus:5:2: 'else' without an 'if' before it";
        QTest::newRow("if without parentheses") << "C t\n{}\nP0(int *x)\n{\n\tif r0 smp_mb();\n}\n"
                                                << "t.litmus:5:5: expected '(' after 'if', found 'r0'";
        QTest::newRow("assignment to a call") << "C t\n{}\nP0(int *x)\n{\n\tREAD_ONCE(*x) = 1;\n}\n"
                                              << "t.litmus:5:2: cannot assign to this expression: expected a register or '*pointer' before '='";
        QTest::newRow("expression without effect") << "C t\n{}\nP0(int *x)\n{\n\tr0 + 1;\n}\n"
                                                   << "t.litmus:5:2: this expression does nothing: expected an assignment or a call";
        QTest::newRow("increment") << "C t\n{}\nP0(int *x)\n{\n\tr0++;\n}\n" << "t.litmus:5:4: '++' is not supported: write 'r = r + 1'";
        QTest::newRow("cast") << "C t\n{}\nP0(int *x)\n{\n\tr0 = (int)r1;\n}\n"
                              << "t.litmus:5:7: casts are not supported in litmus tests (found '(int')";
        QTest::newRow("missing operand") << "C t\n{}\nP0(int *x)\n{\n\tr0 = 1 + ;\n}\n" << "t.litmus:5:11: expected an expression, found ';'";
        QTest::newRow("unexpected character") << "C t\n{}\nP0(int *x)\n{\n\tr0 = @;\n}\n" << "t.litmus:5:7: unexpected character '@'";
        QTest::newRow("malformed number") << "C t\n{}\nP0(int *x)\n{\n\tr0 = 12ab;\n}\n"
                                          << "t.litmus:5:7: malformed number '12ab' (expected decimal digits or 0x and hexadecimal digits)";
        QTest::newRow("number too large") << "C t\n{ x=99999999999999999999; }\n"
                                          << "t.litmus:2:5: number '99999999999999999999' is too large";
        QTest::newRow("no quantifier") << "C t\n{}\n" + ok_threads + "(x=1)\n"
                                       << "t.litmus:6:1: expected thread 'P1' or the final condition ('exists', '~exists' or 'forall'), found '('";
        QTest::newRow("no condition at all") << "C t\n{}\n" + ok_threads
                                             << "t.litmus:6:1: expected thread 'P1' or the final condition ('exists', '~exists' or 'forall'), found end of file";
        QTest::newRow("bad condition") << "C t\n{}\n" + ok_threads + "exists (x=1 /\\ )\n"
                                       << "t.litmus:6:16: expected a condition such as '0:r1=1' or 'x=2', found ')'";
        QTest::newRow("condition without value") << "C t\n{}\n" + ok_threads + "exists (0:r0=)\n"
                                                 << "t.litmus:6:14: expected a value after '0:r0=' (a number, or a variable's name for its address), found ')'";
        QTest::newRow("condition without operator") << "C t\n{}\n" + ok_threads + "exists (x 1)\n"
                                                    << "t.litmus:6:11: expected '=' or '!=' after 'x', found '1'";
        QTest::newRow("unclosed parenthesis") << "C t\n{}\n" + ok_threads + "exists (x=1\n"
                                              << "t.litmus:7:1: expected ')' to close '(' in the condition, found end of file";
        QTest::newRow("register of a missing thread") << "C t\n{}\n" + ok_threads + "exists (2:r0=1)\n"
                                                      << "t.litmus:6:9: there is no thread 2: the test has one thread, P0";
        QTest::newRow("init register of a missing thread") << "C t\n{ 0:r0=1; 3:r1=2; }\n" + ok_threads + "P1(int *x)\n{\n}\nexists (x=1)\n"
                                                           << "t.litmus:2:11: there is no thread 3: the test's threads are P0 to P1";
        QTest::newRow("text after the condition") << "C t\n{}\n" + ok_threads + "exists (x=1) x=2\n"
                                                  << "t.litmus:6:14: expected the end of the test after the final condition, found 'x'";
        QTest::newRow("bad locations") << "C t\n{}\n" + ok_threads + "locations [x y]\nexists (x=1)\n"
                                       << "t.litmus:6:14: expected ';' or ']' in 'locations', found 'y'";
    }
    void errorsNameTheirPlace() {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QCOMPARE(error_of(text.toStdString()), error);
    }

    void errorCarriesItsParts() {
        try {
            parse("C t\n{}\nP0(int *x)\n{\n\tdo smp_mb();\n}\n", "dir/file.litmus");
            QFAIL("a 'do' loop parsed");
        } catch (const parse_error& e) {
            QCOMPARE(q(e.file), QStringLiteral("dir/file.litmus"));
            QCOMPARE(e.pos.line, 5);
            QCOMPARE(e.pos.column, 2);
            QVERIFY(e.message.rfind("'do' is not in the litmus subset", 0) == 0);
            QCOMPARE(q(e.what()), q("dir/file.litmus:5:2: " + e.message));
        }
    }

    void unreadableFileIsAnErrorAtZero() {
        const std::string path = LOCKSTEP_LITMUS_DIR "/no-such-test.litmus";
        try {
            parse_file(path);
            QFAIL("a missing file parsed");
        } catch (const parse_error& e) {
            QCOMPARE(e.pos.line, 0);
            QCOMPARE(e.pos.column, 0);
            QVERIFY2(q(e.what()).startsWith(q(path + ":0:0: cannot read the file")), e.what());
        }
    }

    // ---- printing conditions ------------------------------------------------------------

    void conditionPrintsAsHerdDoes_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("printed");
        QTest::newRow("conjunction") << "0:r0=1 /\\ 0:r1=0" << "0:r0=1 /\\ 0:r1=0";
        QTest::newRow("spaces dropped") << "  a = 1/\\b=2 " << "a=1 /\\ b=2";
        QTest::newRow("and binds tighter than or") << "a=1 \\/ b=1 /\\ c=1" << "a=1 \\/ b=1 /\\ c=1";
        QTest::newRow("or inside and keeps parentheses") << "(a=1 \\/ b=1) /\\ c=1" << "(a=1 \\/ b=1) /\\ c=1";
        QTest::newRow("redundant parentheses dropped") << "((a=1)) /\\ ((b=1 /\\ c=1) \\/ x=1)" << "a=1 /\\ (b=1 /\\ c=1 \\/ x=1)";
        QTest::newRow("left nesting is the default") << "(a=1 /\\ b=1) /\\ c=1" << "a=1 /\\ b=1 /\\ c=1";
        QTest::newRow("right nesting is kept") << "a=1 /\\ (b=1 /\\ c=1)" << "a=1 /\\ (b=1 /\\ c=1)";
        QTest::newRow("negation of an atom") << "~a=1" << "~a=1";
        QTest::newRow("negation binds tightest") << "~a=1 /\\ b=2" << "~a=1 /\\ b=2";
        QTest::newRow("negation of a conjunction") << "~(a=1 /\\ b=2)" << "~(a=1 /\\ b=2)";
        QTest::newRow("double negation") << "~~a=1" << "~~a=1";
        QTest::newRow("not equal") << "a!=1 \\/ 0:r0<>2" << "a!=1 \\/ 0:r0!=2";
        QTest::newRow("double equals") << "a==1" << "a=1";
        QTest::newRow("address") << "1:r0=x" << "1:r0=x";
        QTest::newRow("process prefix") << "P1:r0=3" << "1:r0=3";
        QTest::newRow("negative and hex") << "a=-1 /\\ b=0x1f" << "a=-1 /\\ b=31";
        QTest::newRow("truth") << "true \\/ ~false" << "true \\/ ~false";
        QTest::newRow("implication") << "a=1 => b=1" << "~a=1 \\/ b=1";
    }
    void conditionPrintsAsHerdDoes() {
        QFETCH(QString, source);
        QFETCH(QString, printed);
        const test t = parse(with_condition(source.toStdString()), "c.litmus");
        QCOMPARE(q(to_string(t.final_condition)), printed);
        // What is printed reads back as the same condition.
        const test again = parse(with_condition(to_string(t.final_condition)), "c.litmus");
        QCOMPARE(q(to_string(again.final_condition)), printed);
    }

    void builtConditionsPrint() {
        condition a;
        a.k = condition::kind::equals;
        a.thread = 0;
        a.name = "r0";
        a.expected.number = 1;
        condition x;
        x.k = condition::kind::not_equals;
        x.name = "x";
        x.expected.is_address = true;
        x.expected.location = "y";
        condition both;
        both.k = condition::kind::conjunction;
        both.operands = {a, x};
        condition not_both;
        not_both.k = condition::kind::negation;
        not_both.operands = {both};
        condition either;
        either.k = condition::kind::disjunction;
        either.operands = {not_both, both};
        QCOMPARE(q(to_string(either)), QStringLiteral("~(0:r0=1 /\\ x!=y) \\/ 0:r0=1 /\\ x!=y"));
        condition outer;
        outer.k = condition::kind::conjunction;
        outer.operands = {either, a};
        QCOMPARE(q(to_string(outer)), QStringLiteral("(~(0:r0=1 /\\ x!=y) \\/ 0:r0=1 /\\ x!=y) /\\ 0:r0=1"));
        QCOMPARE(q(to_string(condition{})), QStringLiteral("true"));
    }
};

QTEST_APPLESS_MAIN(tst_litmus_parse)
#include "tst_litmus_parse.moc"
