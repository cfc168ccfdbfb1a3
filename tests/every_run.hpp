// Every scenario in every variant, walked round-robin to its end, for tests that check a
// property of everything the algorithms do (each label is a nameable point, each function
// has a kernel file).
#pragma once

#include <lockstep/config.hpp>
#include <lockstep/engine.hpp>

#include <cstddef>

// before_step(variant, engine, thread) runs before each step, after_run(variant, engine) once
// the run has ended (or 20,000 steps have passed).
template <class BeforeStep, class AfterRun>
void walk_every_run(BeforeStep before_step, AfterRun after_run) {
    using namespace lockstep;
    for (const auto& s : scenarios())
        for (const variant_info* vp : variants_for(s.name)) {
            const variant_info& v = *vp;
            run_config cfg;
            cfg.scenario = s.name;
            cfg.variant = v.name;
            engine e(cfg);
            for (int turn = 0; !e.finished() && turn < 20000; ++turn) {
                const auto runnable = e.runnable();
                const thread_id t = runnable[static_cast<std::size_t>(turn) % runnable.size()];
                before_step(v, e, t);
                e.step(t);
            }
            after_run(v, e);
        }
}
