// SPDX-License-Identifier: Apache-2.0
#include "search/helper_thread.hpp"

namespace vnsearch::search {

HelperThread::HelperThread() : thread_([this] { helper_loop(); }) {}

HelperThread::~HelperThread() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

bool HelperThread::take(std::size_t& i) {
    if (job_ == nullptr) return false;
    while (first_waiting_ < jobs_.size() && jobs_[first_waiting_] != State::waiting)
        ++first_waiting_;
    if (first_waiting_ == jobs_.size()) return false;
    i = first_waiting_;
    jobs_[i] = State::taken;
    return true;
}

void HelperThread::run_job(std::size_t i, int lane) {
    try {
        (*job_)(i, lane);
    } catch (...) {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
    }
}

void HelperThread::helper_loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        std::size_t i = 0;
        wake_.wait(lock, [&] { return stopping_ || take(i); });
        if (stopping_) return;
        helper_busy_ = true;
        lock.unlock();
        run_job(i, 1);  // job_ stays set: the run cannot finish while the helper is busy
        lock.lock();
        helper_busy_ = false;
        idle_.notify_one();
    }
}

void HelperThread::open(const std::function<void(std::size_t, int)>& job) {
    std::lock_guard lock(mutex_);
    job_ = &job;
    jobs_.clear();
    first_waiting_ = 0;
    error_ = nullptr;
}

void HelperThread::add(std::size_t count) {
    {
        std::lock_guard lock(mutex_);
        jobs_.insert(jobs_.end(), count, State::waiting);
    }
    wake_.notify_one();
}

bool HelperThread::skip(std::size_t i) {
    std::lock_guard lock(mutex_);
    if (jobs_.at(i) == State::taken) return false;
    jobs_[i] = State::skipped;
    return true;
}

void HelperThread::finish() {
    std::unique_lock lock(mutex_);
    for (std::size_t i = 0; take(i);) {
        lock.unlock();
        run_job(i, 0);
        lock.lock();
    }
    idle_.wait(lock, [&] { return !helper_busy_; });
    job_ = nullptr;
    const std::exception_ptr error = error_;
    lock.unlock();
    if (error) std::rethrow_exception(error);
}

}  // namespace vnsearch::search
