// SPDX-License-Identifier: Apache-2.0
// A second thread that takes some of one query's independent jobs: half of the first pass
// (search/split_match.hpp), then snippets. A page of hits needs ten snippets, each tens of
// microseconds of analysis: a quarter to a third of a query's time. The helper can start on the
// likely hits (the first pass's best) while the calling thread reranks them, and share the rest
// afterwards. Starting a thread per query would cost as much as it saves, so the helper is made
// once and sleeps between queries.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace vnsearch::search {

/// One run at a time: open() it, add() jobs as their inputs are ready (the helper takes them in
/// order as soon as they are added), skip() those no longer wanted, and finish(). A job is
/// `job(i, lane)` with i its number (0, 1, ... in the order added) and lane 0 on the calling
/// thread, 1 on the helper. Jobs of one lane never overlap, so state kept per lane needs no
/// lock. Only the thread that opened a run may call the others.
class HelperThread {
public:
    HelperThread();
    ~HelperThread();
    HelperThread(const HelperThread&) = delete;
    HelperThread& operator=(const HelperThread&) = delete;

    /// Opens a run of `job` (borrowed until finish() returns), with no jobs yet.
    void open(const std::function<void(std::size_t, int)>& job);
    /// Adds jobs [jobs so far, jobs so far + count).
    void add(std::size_t count);
    /// Job `i` will not run if no thread has taken it yet. Returns false if one has.
    bool skip(std::size_t i);
    /// Runs the jobs no thread has taken on the calling thread, waits for the helper's, and
    /// closes the run. Rethrows the first exception a job threw (the other jobs still ran).
    void finish();

private:
    enum class State : unsigned char { waiting, skipped, taken };

    void helper_loop();
    // The first job still waiting, marked taken; or false. Under mutex_.
    bool take(std::size_t& i);
    void run_job(std::size_t i, int lane);

    std::mutex mutex_;
    std::condition_variable wake_;  // jobs added, or the helper must stop
    std::condition_variable idle_;  // the helper finished a job
    const std::function<void(std::size_t, int)>* job_ = nullptr;  // null: no run open
    std::vector<State> jobs_;
    std::size_t first_waiting_ = 0;  // no job before it is waiting
    bool helper_busy_ = false;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::thread thread_;  // last: starts once the members above exist
};

}  // namespace vnsearch::search
