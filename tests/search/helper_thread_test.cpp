// SPDX-License-Identifier: Apache-2.0
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "search/helper_thread.hpp"

namespace {

using vnsearch::search::HelperThread;

// Waits (bounded) until `flag` is set; false if it never was.
bool wait_for(const std::atomic<bool>& flag) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!flag.load() && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    return flag.load();
}

}  // namespace

TEST_CASE("helper thread: every job added runs once, run after run, on two lanes at most") {
    HelperThread helper;
    std::vector<std::atomic<int>> runs(64);
    std::atomic<int> in_lane[2] = {0, 0};
    std::atomic<bool> lanes_overlapped{false}, bad_lane{false};
    const std::function<void(std::size_t, int)> job = [&](std::size_t i, int lane) {
        if (lane != 0 && lane != 1) {
            bad_lane = true;
            return;
        }
        if (in_lane[lane].fetch_add(1) != 0) lanes_overlapped = true;
        ++runs[i];
        volatile int spin = 0;
        for (int k = 0; k < 2000; ++k) spin = spin + k;
        in_lane[lane].fetch_sub(1);
    };
    for (int round = 0; round < 50; ++round) {
        for (auto& r : runs) r = 0;
        helper.open(job);
        // Jobs added one at a time and in groups, as a search adds them.
        helper.add(1);
        helper.add(15);
        for (int k = 16; k < 64; ++k) helper.add(1);
        helper.finish();
        for (std::size_t i = 0; i < runs.size(); ++i) {
            CAPTURE(i);
            REQUIRE(runs[i] == 1);
        }
    }
    CHECK_FALSE(lanes_overlapped.load());
    CHECK_FALSE(bad_lane.load());
}

TEST_CASE("helper thread: the helper starts on jobs before finish(), and skipped jobs do not run") {
    HelperThread helper;
    std::atomic<bool> first_started{false}, release{false};
    std::atomic<int> first_lane{-1};
    std::vector<std::atomic<int>> runs(3);
    const std::function<void(std::size_t, int)> job = [&](std::size_t i, int lane) {
        ++runs[i];
        if (i != 0) return;
        first_lane = lane;
        first_started = true;
        wait_for(release);
    };
    helper.open(job);
    helper.add(1);
    // Only the helper can take job 0: this thread has not called finish().
    REQUIRE(wait_for(first_started));
    CHECK(first_lane == 1);
    helper.add(2);
    CHECK(helper.skip(1));        // the helper is busy with job 0 and this thread took nothing
    CHECK_FALSE(helper.skip(0));  // taken
    release = true;
    helper.finish();
    CHECK(runs[0] == 1);
    CHECK(runs[1] == 0);
    CHECK(runs[2] == 1);
}

TEST_CASE("helper thread: a job's exception reaches finish(), the other jobs still run") {
    HelperThread helper;
    std::vector<std::atomic<int>> runs(8);
    const std::function<void(std::size_t, int)> job = [&](std::size_t i, int) {
        ++runs[i];
        if (i == 3) throw std::runtime_error("job 3 failed");
    };
    helper.open(job);
    helper.add(8);
    CHECK_THROWS_WITH_AS(helper.finish(), "job 3 failed", std::runtime_error);
    for (const auto& r : runs) CHECK(r == 1);
    // The next run starts clean.
    for (auto& r : runs) r = 0;
    const std::function<void(std::size_t, int)> fine = [&](std::size_t i, int) { ++runs[i]; };
    helper.open(fine);
    helper.add(8);
    CHECK_NOTHROW(helper.finish());
    for (const auto& r : runs) CHECK(r == 1);
}

TEST_CASE("helper thread: a run with no jobs, and destruction while idle") {
    HelperThread helper;
    std::atomic<int> runs{0};
    const std::function<void(std::size_t, int)> job = [&](std::size_t, int) { ++runs; };
    helper.open(job);
    helper.finish();
    CHECK(runs == 0);
}
